package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.trial.TrialStatus;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A sweep with its derived status, trial counts by status, progress (finished share) and an ETA from the mean
 * duration of its finished trials. {@code trials} is listed only in the answer to the POST that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepView(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("preset") String preset,
        @JsonProperty("status") SweepStatus status,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("cancelled_at") OffsetDateTime cancelledAt,
        @JsonProperty("trial_count") long trialCount,
        @JsonProperty("counts") Map<TrialStatus, Long> counts,
        @JsonProperty("progress") double progress,
        @JsonProperty("eta_seconds") Double etaSeconds,
        @JsonProperty("reuse_results") boolean reuseResults,
        @JsonProperty("training") JsonNode training,
        @JsonProperty("trials") List<TrialView> trials) {

    static SweepView of(Sweep sweep, Map<TrialStatus, Long> found, Double meanTrialSeconds, JsonNode training,
                        List<TrialView> trials) {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        for (TrialStatus s : TrialStatus.values()) {
            counts.put(s, found.getOrDefault(s, 0L));
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long finished = counts.entrySet().stream().filter(e -> e.getKey().finished()).mapToLong(Map.Entry::getValue).sum();
        long left = counts.get(TrialStatus.QUEUED) + counts.get(TrialStatus.RUNNING);
        long lanes = Math.max(1, counts.get(TrialStatus.RUNNING));
        Double eta = meanTrialSeconds == null || sweep.getCancelledAt() != null ? null : meanTrialSeconds * left / lanes;
        return new SweepView(sweep.getId(), sweep.getName(), sweep.getPreset(),
                SweepStatus.of(sweep.getCancelledAt() != null, counts), sweep.getCreatedAt(), sweep.getCancelledAt(),
                total, counts, total == 0 ? 1.0 : (double) finished / total, eta, sweep.isReuseResults(), training, trials);
    }
}
