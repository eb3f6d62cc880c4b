package io.squeezenet.dse.api;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ApiTestSupport}'s server with an in-process worker that trains what is submitted: tests that need trials to
 * run extend this, so they share one server and one worker.
 */
@TestPropertySource(properties = {"dse.worker.enabled=true", "dse.worker.name=end-to-end", "dse.worker.lease=10s",
        "dse.worker.heartbeat=1s", "dse.worker.poll=2s"})
public abstract class WorkerTestSupport extends ApiTestSupport {

    /**
     * The database is shared by every test class, and sweeps other tests left queued (the fuzz run's, the matrix's)
     * would take their turns on this worker: each test here starts from an empty queue.
     */
    @BeforeEach
    void emptyTheQueue() throws Exception {
        for (int page = 0; ; page++) {
            var found = ok(get("/api/v1/sweeps?size=1000&page=" + page));
            for (var sweep : found.get("content")) {
                String status = sweep.get("status").asString();
                if (status.equals("QUEUED") || status.equals("RUNNING")) {
                    ok(post("/api/v1/sweeps/" + sweep.get("id").asLong() + "/cancel", null));
                }
            }
            if (page + 1 >= found.get("page").get("totalPages").asInt()) {
                return;
            }
        }
    }
}
