package io.squeezenet.dse.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** One token cannot fill the queue for everyone: its queued trials are capped, and room comes back as they go. */
@TestPropertySource(properties = "dse.sweeps.max-queued-trials-per-owner=25")
class QueueQuotaTest extends ApiTestSupport {

    static final String TEN = "{\"name\": \"ten\", \"grid\": {\"sr\": [0.125, 0.25, 0.5, 0.75, 1.0]},"
            + " \"training\": {\"dataset\": \"synthetic\", \"seeds\": [1, 2]}}";

    @Test
    void queuedTrialsPerOwnerAreCappedWith429() throws Exception {
        long first = ok(post("/api/v1/sweeps", TEN)).get("id").asLong();
        ok(post("/api/v1/sweeps", TEN));
        JsonNode refused = problem(post("/api/v1/sweeps", TEN), 429, "grid");
        assertThat(refused.get("detail").asString()).contains("would queue 10 trials", "'admin'", "has 20 queued",
                "the limit is 25");
        ok(post("/api/v1/sweeps/" + first + "/cancel", null));
        ok(post("/api/v1/sweeps", TEN));
    }
}
