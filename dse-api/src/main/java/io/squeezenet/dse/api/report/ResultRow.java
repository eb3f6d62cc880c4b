package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.trial.Trial;
import java.time.OffsetDateTime;

/** One flat row per trial, the same for CSV and JSON: ready for pandas {@code read_csv}. */
@JsonPropertyOrder({"sweep_id", "trial_id", "status", "attempt", "base_e", "incr_e", "freq", "sr", "pct_3x3", "bypass",
        "seed", "params", "size_bytes", "size_mib", "imagenet_params", "imagenet_size_bytes", "imagenet_size_mib",
        "top1", "top5", "worker", "reused_from", "queued_at", "started_at", "finished_at", "duration_seconds", "error"})
public record ResultRow(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("trial_id") long trialId,
        @JsonProperty("status") String status,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("base_e") int baseE,
        @JsonProperty("incr_e") int incrE,
        @JsonProperty("freq") int freq,
        @JsonProperty("sr") double sr,
        @JsonProperty("pct_3x3") double pct3x3,
        @JsonProperty("bypass") String bypass,
        @JsonProperty("seed") long seed,
        @JsonProperty("params") long params,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("size_mib") double sizeMib,
        @JsonProperty("imagenet_params") long imagenetParams,
        @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
        @JsonProperty("imagenet_size_mib") double imagenetSizeMib,
        @JsonProperty("top1") Double top1,
        @JsonProperty("top5") Double top5,
        @JsonProperty("worker") String worker,
        @JsonProperty("reused_from") Long reusedFrom,
        @JsonProperty("queued_at") OffsetDateTime queuedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt,
        @JsonProperty("duration_seconds") Double durationSeconds,
        @JsonProperty("error") String error) {

    static final double MIB = 1024.0 * 1024.0;

    static ResultRow of(Trial t) {
        return new ResultRow(t.getSweepId(), t.getId(), t.getStatus().name(), t.getAttempt(), t.getBaseE(), t.getIncrE(),
                t.getFreq(), t.getSr(), t.getPct3x3(), t.getBypass(), t.getSeed(), t.getParams(), t.getSizeBytes(),
                t.getSizeBytes() / MIB, t.getImagenetParams(), t.getImagenetSizeBytes(), t.getImagenetSizeBytes() / MIB,
                t.getTop1(), t.getTop5(), t.getWorker(), t.getReusedFrom(), t.getQueuedAt(), t.getStartedAt(),
                t.getFinishedAt(), TrialView.durationSeconds(t), t.getError());
    }

}
