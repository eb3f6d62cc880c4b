package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.gate.GateReport;
import io.squeezenet.dse.api.search.SearchReport;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.search.Pruner;
import io.squeezenet.dse.model.training.SweepTraining;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A sweep with its derived status, trial counts by status, progress (the share of trials that ran to an end:
 * succeeded, pruned or failed, not cancelled, of {@code planned_trials}: those queued, or for an open search those its
 * budget will queue) and an ETA from the size of each remaining trial ({@link TrainingSpeed}).
 * {@code trials} is listed only in the answer to the POST that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepView(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("owner") String owner,
        @JsonProperty("priority") int priority,
        @JsonProperty("preset") String preset,
        @JsonProperty("status") SweepStatus status,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("cancelled_at") OffsetDateTime cancelledAt,
        @JsonProperty("trial_count") long trialCount,
        @JsonProperty("planned_trials") long plannedTrials,
        @JsonProperty("counts") Map<TrialStatus, Long> counts,
        @JsonProperty("progress") double progress,
        @JsonProperty("eta_seconds") Double etaSeconds,
        @JsonProperty("reuse_results") boolean reuseResults,
        @JsonProperty("keep_weights") boolean keepWeights,
        @JsonProperty("compression") List<CompressionSpec> compression,
        @JsonProperty("search") SearchReport search,
        @JsonProperty("pruner") Pruner pruner,
        @JsonProperty("training") JsonNode training,
        @JsonProperty("gates") GateReport gates,
        @JsonProperty("trials") List<TrialView> trials) {

    static SweepView of(Sweep sweep, Map<TrialStatus, Long> found, TrainingSpeed speed, long queuedParams,
                        List<TrainingSpeed.Running> running, JsonNode training, GateReport gates,
                        List<TrialView> trials) {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        for (TrialStatus s : TrialStatus.values()) {
            counts.put(s, found.getOrDefault(s, 0L));
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        SearchReport search = sweep.getSearch() == null ? null : SEARCH.readValue(sweep.getSearch(), SearchReport.class);
        // an open search's progress counts the trials its budget will queue, not only those queued so far
        long planned = !sweep.isSearchOpen() || search == null || search.strategy() == null ? total
                : Math.max(total, (long) search.strategy().budget() * Math.max(1, SweepTraining.read(sweep.getTraining())
                        .seeds().size()));
        long ran = counts.get(TrialStatus.SUCCEEDED) + counts.get(TrialStatus.FAILED) + counts.get(TrialStatus.PRUNED);
        long left = counts.get(TrialStatus.QUEUED) + counts.get(TrialStatus.RUNNING);
        Double eta = sweep.getCancelledAt() != null || sweep.isSearchOpen() && left == 0 ? null : left == 0 ? Double.valueOf(0)
                : speed == null ? null : speed.eta(counts.get(TrialStatus.QUEUED), queuedParams, running);
        return new SweepView(sweep.getId(), sweep.getName(), sweep.getOwner(), sweep.getPriority(), sweep.getPreset(),
                SweepStatus.of(sweep.getCancelledAt() != null, sweep.isSearchOpen(), counts), sweep.getCreatedAt(), sweep.getCancelledAt(),
                total, planned, counts, planned == 0 ? 0.0 : (double) ran / planned, eta, sweep.isReuseResults(), sweep.isKeepWeights(),
                compressionOf(sweep), search,
                Pruner.read(sweep.getPruner()), training, gates, trials);
    }

    private static final tools.jackson.databind.json.JsonMapper SEARCH = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The sweep's stored compression list, in its one typed form. */
    public static List<CompressionSpec> compressionOf(Sweep sweep) {
        return CompressionSpec.readList(sweep.getCompression());
    }
}
