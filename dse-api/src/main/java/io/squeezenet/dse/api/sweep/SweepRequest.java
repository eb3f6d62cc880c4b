package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/v1/sweeps}: a named study over a preset and/or a grid, with one training recipe.
 *
 * @param reuseResults reuse the result of an identical finished trial (same architecture, recipe, dataset, seed)
 * @param maxAttempts  attempts per trial before it is FAILED
 * @param priority     the sweep's weight when workers take turns between sweeps (1 to 10, default 1)
 */
public record SweepRequest(
        @JsonProperty("name") String name,
        @JsonProperty("preset") String preset,
        @JsonProperty("grid") Grid grid,
        @JsonProperty("training") TrainingSpec training,
        @JsonProperty("reuse_results") Boolean reuseResults,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("priority") Integer priority) {
}
