package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An evolutionary search survives its service being killed mid-search: the ask/tell state is in PostgreSQL, so the
 * restarted service goes on proposing where the killed one stopped, with no proposal lost or made twice.
 */
@Tag("e2e")
class SearchRestartTest {

    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    Process up() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.poll=1s", "-cp", System.getProperty("java.class.path"),
                DseMain.class.getName(), "up", "--port", "0", "--data-dir", work.resolve("data").toString(),
                "--workers", "1").redirectErrorStream(true).start();
    }

    JsonNode send(String api, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + Files.readString(work.resolve("data/admin-token")).strip())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }

    static int queued(JsonNode proposals) {
        int queued = 0;
        for (JsonNode p : proposals) {
            queued += p.get("outcome").asString().equals("queued") ? 1 : 0;
        }
        return queued;
    }

    @Test
    void aKilledServiceResumesItsSearchWhereItStopped() throws Exception {
        Process first = up();
        long id;
        try {
            String api = "http://localhost:" + NotebookTest.apiPort(first);
            id = send(api, "POST", "/api/v1/sweeps", "{\"name\": \"restart\", \"space\": {\"base_e\": {\"min\": 16,"
                    + " \"max\": 64, \"step\": 16}, \"sr\": {\"min\": 0.125, \"max\": 1.0}, \"bypass\": [\"none\", \"complex\"]},"
                    + " \"grid\": {\"incr_e\": [16]}, \"strategy\": {\"name\": \"evolutionary\", \"budget\": 5, \"seed\": 2,"
                    + " \"startup\": 2, \"parallel\": 1}, \"training\": {\"dataset\": \"synthetic\", \"input_size\": \"3x12x12\","
                    + " \"train_subset\": 640, \"test_subset\": 160, \"epochs\": 2}}").get("id").asLong();
            // killed once NSGA-II has proposed, before the budget is spent
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> queued(send(api, "GET", "/api/v1/sweeps/" + id + "/proposals", null)) >= 3);
        } finally {
            first.destroyForcibly();
            first.waitFor(60, TimeUnit.SECONDS);
        }
        Process second = up();
        try {
            String api = "http://localhost:" + NotebookTest.apiPort(second);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> send(api, "GET", "/api/v1/sweeps/" + id, null).get("status").asString(),
                            s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
            JsonNode sweep = send(api, "GET", "/api/v1/sweeps/" + id, null);
            JsonNode proposals = send(api, "GET", "/api/v1/sweeps/" + id + "/proposals", null);
            assertThat(sweep.get("status").asString()).as(proposals.toString()).isEqualTo("SUCCEEDED");
            List<String> designs = new ArrayList<>();
            List<String> origins = new ArrayList<>();
            int number = 0;
            for (JsonNode p : proposals) {
                assertThat(p.get("number").asInt()).as("numbered without a gap or a repeat").isEqualTo(++number);
                designs.add(p.get("metaparameters").toString());
                origins.add(p.get("origin").asString());
                assertThat(p.get("trials")).as(p.toString()).hasSize(1);
                assertThat(p.get("trials").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
            }
            assertThat(designs).hasSize(5).doesNotHaveDuplicates();
            assertThat(origins).containsExactly("random", "random", "nsga2", "nsga2", "nsga2");
            assertThat(sweep.get("trial_count").asInt()).isEqualTo(5);
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
