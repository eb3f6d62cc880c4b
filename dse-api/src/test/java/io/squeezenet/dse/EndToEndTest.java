package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.WorkerTestSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole path as a notebook drives it: POST a sweep, the in-process worker trains it, results.csv has the
 * trained rows, and the sizes the planner computed at submit are the sizes of the networks actually trained.
 */
@Tag("e2e")
class EndToEndTest extends WorkerTestSupport {

    @Test
    void aSubmittedSweepIsTrainedWithTheSizesItWasPlannedWith() throws Exception {
        JsonNode sweep = ok(post("/api/v1/sweeps", "{\"name\": \"end to end\", \"grid\": {\"base_e\": [32],"
                + " \"incr_e\": [32], \"sr\": [0.25, 0.5], \"bypass\": [\"none\", \"complex\"]}, \"training\": {\"dataset\":"
                + " \"synthetic\", \"train_subset\": 960, \"test_subset\": 200, \"epochs\": 2, \"batch_size\": 32,"
                + " \"input_size\": \"3x12x12\", \"seeds\": [1]}}"));
        long id = sweep.get("id").asLong();
        Map<Long, JsonNode> planned = new HashMap<>();
        sweep.get("trials").forEach(t -> planned.put(t.get("id").asLong(), t));
        assertThat(planned).hasSize(4);

        Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ok(get("/api/v1/sweeps/" + id)).get("status").asString(), s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
        assertThat(ok(get("/api/v1/sweeps/" + id)).get("status").asString()).isEqualTo("SUCCEEDED");

        String[] csv = get("/api/v1/sweeps/" + id + "/results.csv").body().strip().split("\n");
        List<String> header = List.of(csv[0].split(","));
        assertThat(csv).hasSize(5);
        for (int i = 1; i < csv.length; i++) {
            String[] row = csv[i].split(",", -1);
            long trialId = Long.parseLong(row[header.indexOf("trial_id")]);
            JsonNode plan = planned.get(trialId);
            JsonNode result = ok(get("/api/v1/trials/" + trialId)).get("result");
            assertThat(row[header.indexOf("status")]).isEqualTo("SUCCEEDED");
            assertThat(row[header.indexOf("owner")]).as("the submitting token's name").isEqualTo("admin");
            assertThat(Double.parseDouble(row[header.indexOf("top1")])).isEqualTo(result.get("top1").asDouble());
            for (String size : List.of("params", "size_bytes", "imagenet_params", "imagenet_size_bytes")) {
                long csvValue = Long.parseLong(row[header.indexOf(size)]);
                assertThat(csvValue).as("%s of trial %d: results.csv against the plan", size, trialId)
                        .isEqualTo(plan.get(size).asLong());
                assertThat(csvValue).as("%s of trial %d: planned against trained", size, trialId)
                        .isEqualTo(result.get(size).asLong());
            }
            assertThat(ok(get("/api/v1/trials/" + trialId)).get("worker").asString()).isEqualTo("end-to-end");
        }
    }
}
