package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.network.Norm;
import io.squeezenet.dse.model.training.NamedRecipe;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.Schedule;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.time.OffsetDateTime;

/**
 * One flat row per trial, the same for CSV and JSON: ready for pandas {@code read_csv}, with the recipe the sweep
 * trained it with beside its metaparameters so results can be grouped by either without a call per trial.
 * {@code train_subset}/{@code test_subset} are empty when the whole split was used; {@code images_per_second} is the
 * training throughput of a trial trained here (empty for a queued, failed or reused one). A {@code PRUNED} trial's
 * {@code top1}/{@code top5} are those at its {@code pruned_at_epoch} (empty for any other): filter on {@code status}
 * to keep the trials trained to the end.
 */
@JsonPropertyOrder({"sweep_id", "trial_id", "status", "attempt", "base_e", "incr_e", "freq", "sr", "pct_3x3", "bypass",
        "variant", "seed", "params", "size_bytes", "size_mib", "imagenet_params", "imagenet_size_bytes", "imagenet_size_mib",
        "top1", "top5", "pruned_at_epoch", "worker", "reused_from", "queued_at", "started_at", "finished_at", "duration_seconds",
        "images_per_second", "dataset", "train_subset", "test_subset", "epochs", "batch_size", "optimizer",
        "learning_rate", "schedule", "warmup_epochs", "weight_decay", "clip_grad_norm", "norm", "init", "stem",
        "input_size", "augment", "recipe", "error", "owner"})
public record ResultRow(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("owner") String owner,
        @JsonProperty("trial_id") long trialId,
        @JsonProperty("status") String status,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("base_e") int baseE,
        @JsonProperty("incr_e") int incrE,
        @JsonProperty("freq") int freq,
        @JsonProperty("sr") double sr,
        @JsonProperty("pct_3x3") double pct3x3,
        @JsonProperty("bypass") Bypass bypass,
        @JsonProperty("variant") Variant variant,
        @JsonProperty("seed") long seed,
        @JsonProperty("params") long params,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("size_mib") double sizeMib,
        @JsonProperty("imagenet_params") long imagenetParams,
        @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
        @JsonProperty("imagenet_size_mib") double imagenetSizeMib,
        @JsonProperty("top1") Double top1,
        @JsonProperty("top5") Double top5,
        @JsonProperty("pruned_at_epoch") Integer prunedAtEpoch,
        @JsonProperty("worker") String worker,
        @JsonProperty("reused_from") Long reusedFrom,
        @JsonProperty("queued_at") OffsetDateTime queuedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt,
        @JsonProperty("duration_seconds") Double durationSeconds,
        @JsonProperty("images_per_second") Double imagesPerSecond,
        @JsonProperty("dataset") DatasetKind dataset,
        @JsonProperty("train_subset") Integer trainSubset,
        @JsonProperty("test_subset") Integer testSubset,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("optimizer") OptimizerKind optimizer,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("warmup_epochs") double warmupEpochs,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("clip_grad_norm") double clipGradNorm,
        @JsonProperty("norm") Norm norm,
        @JsonProperty("init") TrainingRecipe.Initialization init,
        @JsonProperty("stem") Stem stem,
        @JsonProperty("input_size") InputShape inputSize,
        @JsonProperty("augment") boolean augment,
        @JsonProperty("recipe") NamedRecipe recipe,
        @JsonProperty("error") String error) {

    static final double MIB = 1024.0 * 1024.0;

    /**
     * A trial's row; {@code owner} the sweep's (the token that submitted it); {@code result} is its stored result when
     * it was trained here, else null.
     */
    static ResultRow of(String owner, Trial t, TrainingRecipe r, TrialResult result) {
        Metaparameters m = t.getMetaparameters();
        return new ResultRow(t.getSweepId(), owner, t.getId(), t.getStatus().name(), t.getAttempt(), m.expandBase(),
                m.expandIncrement(), m.freq(), m.squeezeRatio(), m.pct3x3(), m.bypass(), m.variant(), t.getSeed(), t.getParams(), t.getSizeBytes(),
                t.getSizeBytes() / MIB, t.getImagenetParams(), t.getImagenetSizeBytes(), t.getImagenetSizeBytes() / MIB,
                t.getTop1(), t.getTop5(), t.getPrunedAtEpoch(), t.getWorker(), t.getReusedFrom(), t.getQueuedAt(), t.getStartedAt(),
                t.getFinishedAt(), TrialView.durationSeconds(t), result == null ? null : result.imagesPerSecond(),
                r.dataset(), r.trainSubset(), r.testSubset(), r.epochs(), r.batchSize(), r.optimizer(), r.learningRate(),
                r.schedule(), r.warmupEpochs(), r.weightDecay(), r.clipGradNorm(), r.norm(), r.init(), r.stem(),
                r.inputSize(), r.augment(), r.recipe(), t.getError());
    }

}
