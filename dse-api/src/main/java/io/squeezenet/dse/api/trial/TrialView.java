package io.squeezenet.dse.api.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.db.artifact.TrialArtifacts;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpoch;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.compression.CompressionResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A trial as the API shows it; {@code epochs}, {@code result}, {@code weights} and {@code compression} only on
 * {@code GET /trials/{id}}, the last two when the trial kept them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialView(
        @JsonProperty("id") long id,
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("status") TrialStatus status,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("worker") String worker,
        @JsonProperty("metaparameters") Metaparameters metaparameters,
        @JsonProperty("seed") long seed,
        @JsonProperty("params") long params,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("imagenet_params") long imagenetParams,
        @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
        @JsonProperty("top1") Double top1,
        @JsonProperty("top5") Double top5,
        @JsonProperty("error") String error,
        @JsonProperty("pruned_at_epoch") Integer prunedAtEpoch,
        @JsonProperty("reused_from") Long reusedFrom,
        @JsonProperty("queued_at") OffsetDateTime queuedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt,
        @JsonProperty("duration_seconds") Double durationSeconds,
        @JsonProperty("epochs") List<EpochView> epochs,
        @JsonProperty("result") JsonNode result,
        @JsonProperty("weights") WeightsView weights,
        @JsonProperty("compression") List<CompressionResult> compression) {

    /** Where a trial's stored weights download from, their size and checksum. */
    public record WeightsView(
            @JsonProperty("url") String url,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("sha256") String sha256) {

        static WeightsView of(long trialId, TrialArtifacts.WeightsInfo info) {
            return new WeightsView("/api/v1/trials/" + trialId + "/weights", info.sizeBytes(), info.sha256());
        }
    }

    /** One recorded epoch. */
    public record EpochView(
            @JsonProperty("attempt") int attempt,
            @JsonProperty("epoch") int epoch,
            @JsonProperty("train_loss") double trainLoss,
            @JsonProperty("images_per_second") double imagesPerSecond,
            @JsonProperty("top1") Double top1,
            @JsonProperty("top5") Double top5,
            @JsonProperty("recorded_at") OffsetDateTime recordedAt) {

        static EpochView of(TrialEpoch e) {
            return new EpochView(e.getAttempt(), e.getKey().epoch(), e.getTrainLoss(), e.getImagesPerSecond(),
                    e.getTop1(), e.getTop5(), e.getRecordedAt());
        }
    }

    public static TrialView of(Trial t) {
        return of(t, null, null, null, null);
    }

    /** Seconds from start to finish of the current attempt, once finished. */
    public static Double durationSeconds(Trial t) {
        return t.getStartedAt() != null && t.getFinishedAt() != null
                ? Duration.between(t.getStartedAt(), t.getFinishedAt()).toMillis() / 1000.0 : null;
    }

    public static TrialView of(Trial t, List<TrialEpoch> epochs, JsonNode result, WeightsView weights,
                               List<CompressionResult> compression) {
        return new TrialView(t.getId(), t.getSweepId(), t.getStatus(), t.getAttempt(), t.getMaxAttempts(), t.getWorker(),
                t.getMetaparameters(), t.getSeed(), t.getParams(), t.getSizeBytes(), t.getImagenetParams(),
                t.getImagenetSizeBytes(), t.getTop1(), t.getTop5(), t.getError(), t.getPrunedAtEpoch(), t.getReusedFrom(), t.getQueuedAt(),
                t.getStartedAt(), t.getFinishedAt(), durationSeconds(t),
                epochs == null ? null : epochs.stream().map(EpochView::of).toList(), result, weights,
                compression == null || compression.isEmpty() ? null : compression);
    }
}
