package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.search.Constraints;
import io.squeezenet.dse.api.search.SearchSpace;
import io.squeezenet.dse.api.search.SearchStrategy;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.search.Pruner;
import java.util.List;

/**
 * {@code POST /api/v1/sweeps}: a named study over a preset and/or a grid, with one training recipe.
 *
 * @param reuseResults reuse the result of an identical finished trial (same architecture, recipe, dataset, seed)
 * @param maxAttempts  attempts per trial before it is FAILED
 * @param priority     the sweep's weight when workers take turns between sweeps (1 to 10, default 1)
 * @param keepWeights  store each trained trial's weights for download (default: for sweeps of up to 100 trials)
 * @param compression  compressions measured on each trained trial (Table 2), none by default
 * @param space        the metaparameters a {@code strategy} draws from, beside or instead of the grid's lists
 * @param strategy     how the designs are chosen from the space (random), how many, with which seed
 * @param constraints  limits every design must keep, checked from the layer table before anything trains
 * @param pruner       early stopping of trials on their per-epoch accuracy against the sweep's others (median, asha)
 */
public record SweepRequest(
        @JsonProperty("name") String name,
        @JsonProperty("preset") String preset,
        @JsonProperty("grid") Grid grid,
        @JsonProperty("training") TrainingSpec training,
        @JsonProperty("reuse_results") Boolean reuseResults,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("priority") Integer priority,
        @JsonProperty("keep_weights") Boolean keepWeights,
        @JsonProperty("compression") List<CompressionSpec> compression,
        @JsonProperty("space") SearchSpace space,
        @JsonProperty("strategy") SearchStrategy strategy,
        @JsonProperty("constraints") Constraints constraints,
        @JsonProperty("pruner") Pruner pruner) {

    /** A grid request that keeps the default weights and measures no compression. */
    public SweepRequest(String name, String preset, Grid grid, TrainingSpec training, Boolean reuseResults,
                        Integer maxAttempts, Integer priority) {
        this(name, preset, grid, training, reuseResults, maxAttempts, priority, null, null);
    }

    /** A grid request. */
    public SweepRequest(String name, String preset, Grid grid, TrainingSpec training, Boolean reuseResults,
                        Integer maxAttempts, Integer priority, Boolean keepWeights, List<CompressionSpec> compression) {
        this(name, preset, grid, training, reuseResults, maxAttempts, priority, keepWeights, compression, null, null, null,
                null);
    }
}
