package io.squeezenet.dse.api;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ApiTestSupport}'s server with an in-process worker that trains what is submitted: tests that need trials to
 * run extend this, so they share one server and one worker.
 */
@TestPropertySource(properties = {"dse.worker.enabled=true", "dse.worker.name=end-to-end", "dse.worker.lease=10s",
        "dse.worker.heartbeat=1s", "dse.worker.poll=2s"})
public abstract class WorkerTestSupport extends ApiTestSupport {
}
