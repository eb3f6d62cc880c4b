package io.squeezenet.dse.api.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The gates over the API: refused while trials run and for bad values (naming the field), judged and stored once the
 * sweep finished, a regression found against the last passing sweep of the same training and designs (no preset:
 * a NULL preset matches a NULL preset), and a trained size that is not the layer table's caught.
 */
class GateApiTest extends ApiTestSupport {

    static final String SWEEP = "{\"name\": \"gated\", \"grid\": {\"sr\": [0.5, 1.0]},"
            + " \"training\": {\"dataset\": \"synthetic\", \"test_subset\": 400, \"seeds\": [5]}}";

    @Autowired
    JdbcTemplate jdbc;

    /** Finishes the sweep's trials as a worker would record them: top-1 per SR, the trained size as given. */
    void finish(long sweep, double top1AtHalf, double top1AtOne, long sizeOffset) {
        jdbc.update("""
                UPDATE trials SET status = 'SUCCEEDED', attempt = 1, finished_at = now(),
                    top1 = CASE WHEN sr = 0.5 THEN ? ELSE ? END, top5 = 0.9,
                    result = jsonb_build_object('params', params, 'trained_params', params + ?, 'test_images', 400,
                        'top1', CASE WHEN sr = 0.5 THEN ? ELSE ? END, 'epochs', '[]'::jsonb)
                WHERE sweep_id = ?""", top1AtHalf, top1AtOne, sizeOffset, top1AtHalf, top1AtOne, sweep);
    }

    JsonNode gate(JsonNode report, String name) {
        for (JsonNode g : report.get("gates")) {
            if (g.get("name").asString().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + name + " in " + report);
    }

    @Test
    void aFinishedSweepIsJudgedStoredAndComparedWithItsBaseline() throws Exception {
        long first = ok(post("/api/v1/sweeps", SWEEP)).get("id").asLong();
        problem(post("/api/v1/sweeps/" + first + "/gates", "{}"), 409, null);
        finish(first, 0.60, 0.62, 0);
        problem(post("/api/v1/sweeps/" + first + "/gates", "{\"min_top1\": 2}"), 400, "min_top1");
        problem(get("/api/v1/sweeps/" + first + "/gates"), 404, null);

        JsonNode passed = ok(post("/api/v1/sweeps/" + first + "/gates", "{\"min_top1\": 0.5}"));
        assertThat(passed.get("passed").asBoolean()).as(passed.toString()).isTrue();
        assertThat(gate(passed, "trend").get("detail").asString()).contains("sr=0.5: top-1 60.0%", "sr=1.0: 62.0%");
        assertThat(gate(passed, "regression").get("detail").asString()).contains("no earlier passing run");
        assertThat(ok(get("/api/v1/sweeps/" + first)).get("gates").get("passed").asBoolean()).isTrue();
        assertThat(ok(get("/api/v1/sweeps/" + first + "/gates")).get("gates")).hasSize(6);

        long second = ok(post("/api/v1/sweeps", SWEEP)).get("id").asLong();
        finish(second, 0.60, 0.50, 0);
        JsonNode dropped = ok(post("/api/v1/sweeps/" + second + "/gates", "{}"));
        assertThat(dropped.get("passed").asBoolean()).isFalse();
        assertThat(dropped.get("baseline_sweep_id").asLong()).isEqualTo(first);
        assertThat(gate(dropped, "regression").get("passed").asBoolean()).isFalse();
        assertThat(gate(dropped, "regression").get("detail").asString())
                .contains("against sweep " + first, "sr=1.0", "62.0% -> 50.0%");
        assertThat(gate(dropped, "trend").get("passed").asBoolean()).as("10 points worse at the largest SR").isFalse();

        long third = ok(post("/api/v1/sweeps", SWEEP)).get("id").asLong();
        finish(third, 0.60, 0.62, 1);
        JsonNode misbuilt = ok(post("/api/v1/sweeps/" + third + "/gates", "{\"baseline\": \"none\"}"));
        assertThat(gate(misbuilt, "exact-size").get("passed").asBoolean()).isFalse();
        assertThat(gate(misbuilt, "exact-size").get("detail").asString()).contains("trained", "exact");
        assertThat(misbuilt.get("gates").findValuesAsString("name")).doesNotContain("regression");
    }
}
