package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data directory written by an earlier version opens and serves its sweeps as that version served them. The
 * fixture (src/test/resources/fixtures/bd02bc0, made by its make.sh) is bd02bc0's data directory after a grid sweep
 * with an int8 compression and a Table 3 sweep whose trials failed, with what bd02bc0 answered for each of them.
 */
@Tag("e2e")
class DataDirectoryUpgradeTest {

    static final String FIXTURE = "/fixtures/bd02bc0/";

    @TempDir
    Path dataDir;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void bd02bc0sDataDirectoryServesItsSweepsAsBefore() throws Exception {
        unpack(DataDirectoryUpgradeTest.class.getResourceAsStream(FIXTURE + "data.tar.xz"), dataDir);
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DseMain.class.getName(), "up",
                "--port", "0", "--data-dir", dataDir.toString(), "--workers", "1").redirectErrorStream(true).start();
        try {
            int port = NotebookTest.apiPort(up);
            for (int sweep : List.of(1, 2)) {
                String base = "http://localhost:" + port + "/api/v1/sweeps/" + sweep;
                assertThat(json.readTree(get(base))).as("sweep " + sweep)
                        .isEqualTo(json.readTree(served("sweep-" + sweep + ".json")));
                assertThat(get(base + "/results.csv")).as("results.csv of sweep " + sweep)
                        .isEqualTo(served("results-" + sweep + ".csv"));
                assertThat(json.readTree(get(base + "/summary"))).as("summary of sweep " + sweep)
                        .isEqualTo(json.readTree(served("summary-" + sweep + ".json")));
                assertThat(json.readTree(get(base + "/trials?size=100"))).as("trials of sweep " + sweep)
                        .isEqualTo(json.readTree(served("trials-" + sweep + ".json")));
            }
            assertThat(json.readTree(get("http://localhost:" + port + "/api/v1/trials/1")))
                    .isEqualTo(json.readTree(served("trial-1.json")));

            // the grid again, as make.sh submitted it: every trial finds its earlier result by the stored key
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/sweeps")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + Files.readString(dataDir.resolve("admin-token")).strip())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"fixture grid again\", \"grid\": {\"sr\":"
                            + " [0.25, 0.5]}, \"training\": {\"dataset\": \"synthetic\", \"train_subset\": 320,"
                            + " \"test_subset\": 64, \"epochs\": 2, \"batch_size\": 32, \"input_size\": \"3x12x12\","
                            + " \"seeds\": [1, 2]}, \"keep_weights\": false, \"compression\": [{\"method\": \"int8\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            String sweep = "http://localhost:" + port + "/api/v1/sweeps/" + json.readTree(again.body()).get("id").asLong();
            org.awaitility.Awaitility.await("the sweep ends").atMost(java.time.Duration.ofMinutes(3))
                    .until(() -> json.readTree(get(sweep)).get("status").asString().equals("SUCCEEDED"));
            List<String> csv = get(sweep + "/results.csv").lines().toList();
            int reused = List.of(csv.get(0).split(",")).indexOf("reused_from");
            assertThat(csv.subList(1, csv.size())).as("every trial reuses a result bd02bc0 stored").hasSize(4)
                    .allMatch(row -> !row.split(",")[reused].isEmpty());
        } finally {
            up.destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private String served(String name) throws Exception {
        try (InputStream in = DataDirectoryUpgradeTest.class.getResourceAsStream(FIXTURE + "served/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The tarball as written, modes included: PostgreSQL refuses a data directory others may read. */
    private static void unpack(InputStream archive, Path into) throws Exception {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                }
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode(entry.getMode())));
            }
        }
    }

    private static String mode(int mode) {
        String bits = "rwxrwxrwx";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? bits.charAt(i) : '-');
        }
        return s.toString();
    }
}
