package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dse up} as a user runs it: a separate process on the embedded database, stopped and started again. */
class UpCommandTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    record Server(Process process, int port) {
    }

    Server up() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DseMain.class.getName(),
                "up", "--port", "0", "--data-dir", dataDir.toString(), "--workers", "0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        Pattern api = Pattern.compile("API: +http://localhost:(\\d+)/api/v1");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = api.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Server(p, port);
            }
        }
        throw new AssertionError("dse up ended without announcing its API");
    }

    @Test
    void comesUpOnTheEmbeddedDatabaseAndKeepsSweepsAcrossARestart() throws Exception {
        Server first = up();
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + first.port()
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + first.port()
                    + "/api/v1/sweeps")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\": \"kept\", \"preset\": \"table3\", \"training\": {\"dataset\": \"synthetic\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(Files.readString(dataDir.resolve("jdbc-url"))).startsWith("jdbc:postgresql://localhost:");
        } finally {
            first.process().destroyForcibly();   // SIGKILL: its PostgreSQL is left running on the data directory
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        Server second = up();
        try {
            HttpResponse<String> sweeps = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + second.port()
                    + "/api/v1/sweeps")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sweeps.body()).contains("\"name\":\"kept\"", "\"trial_count\":3");
        } finally {
            second.process().destroy();   // SIGTERM: a clean stop, which also stops its PostgreSQL
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
