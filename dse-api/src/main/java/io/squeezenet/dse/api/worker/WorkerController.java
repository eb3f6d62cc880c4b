package io.squeezenet.dse.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.db.worker.WorkerRegistry;
import io.squeezenet.dse.worker.WorkerSettings;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The workers that have joined, with their last heartbeat; alive when heard from within one lease. */
@RestController
@RequestMapping("/api/v1/workers")
class WorkerController {

    private final WorkerRegistry registry;
    private final Duration lease;

    WorkerController(WorkerRegistry registry, WorkerSettings settings) {
        this.registry = registry;
        this.lease = settings.lease();
    }

    /** What a worker is doing: training, waiting for work, or not heard from within a lease. */
    enum State { training, idle, lost }

    record WorkerView(@JsonProperty("name") String name, @JsonProperty("host") String host,
                      @JsonProperty("threads") int threads, @JsonProperty("device") String device,
                      @JsonProperty("started_at") OffsetDateTime startedAt,
                      @JsonProperty("last_heartbeat_at") OffsetDateTime lastHeartbeatAt,
                      @JsonProperty("alive") boolean alive, @JsonProperty("state") State state,
                      @JsonProperty("running_trials") List<Long> runningTrials) {
    }

    @GetMapping
    List<WorkerView> workers() {
        return registry.list(lease).stream().map(w -> new WorkerView(w.name(), w.host(), w.threads(), w.device(),
                w.startedAt(), w.lastHeartbeatAt(), w.alive(),
                !w.alive() ? State.lost : w.runningTrials().isEmpty() ? State.idle : State.training,
                w.runningTrials())).toList();
    }
}
