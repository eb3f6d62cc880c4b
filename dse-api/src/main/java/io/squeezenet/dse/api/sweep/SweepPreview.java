package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.search.SearchReport;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep request would queue, without queuing it: the same validation as a submit (same problem bodies, same
 * fields named), the trial count and each design's exact size. The dashboard's new-sweep form asks this as the user
 * types.
 */
public record SweepPreview(
        @JsonProperty("name") String name,
        @JsonProperty("preset") String preset,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("trial_count") int trialCount,
        @JsonProperty("designs") List<Design> designs,
        @JsonProperty("search") SearchReport search) {

    /** One design of the grid: its size as trained (this dataset and input) and at the paper's ImageNet setting. */
    public record Design(
            @JsonProperty("metaparameters") Metaparameters metaparameters,
            @JsonProperty("params") long params,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("imagenet_params") long imagenetParams,
            @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
            @JsonProperty("training_memory_bytes") long trainingMemoryBytes) {
    }

    static SweepPreview of(SweepPlanner.Plan plan) {
        Map<Metaparameters, Design> designs = new LinkedHashMap<>();
        for (SweepPlanner.PlannedTrial t : plan.trials()) {
            designs.computeIfAbsent(t.metaparameters(), m -> new Design(m, t.trained().params(), t.trained().sizeBytes(),
                    t.imagenet().params(), t.imagenet().sizeBytes(),
                    t.trained().trainingMemoryBytes(plan.recipe().batchSize())));
        }
        return new SweepPreview(plan.name(), plan.preset() == null ? null : plan.preset().label(),
                plan.recipe().dataset().label(), plan.recipe().epochs(), plan.seeds(), plan.trials().size(),
                new ArrayList<>(designs.values()), plan.search());
    }
}
