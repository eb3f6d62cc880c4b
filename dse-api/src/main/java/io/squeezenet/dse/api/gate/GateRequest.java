package io.squeezenet.dse.api.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;

/**
 * {@code POST /api/v1/sweeps/{id}/gates}: the checks a finished sweep must pass (a nightly CI run's verdict).
 * Accuracies and tolerances are fractions (0.02 = 2 points).
 *
 * @param minTop1        floor on every design's mean top-1 (none by default)
 * @param minTop5        floor on every design's mean top-5 (none by default)
 * @param trendTolerance SR and pct_3x3 sweeps: how much worse the largest setting may be than the smallest (0.02)
 * @param baseline       {@code last-passing} (default): compare with the last passing sweep of the same preset and
 *                       training; {@code none}: no regression gate
 * @param maxDrop        the largest drop of a design's mean top-1 below the baseline's (0.05); with several seeds,
 *                       also at most 3 standard deviations
 */
public record GateRequest(
        @JsonProperty("min_top1") Double minTop1,
        @JsonProperty("min_top5") Double minTop5,
        @JsonProperty("trend_tolerance") Double trendTolerance,
        @JsonProperty("baseline") Baseline baseline,
        @JsonProperty("max_drop") Double maxDrop) {

    public static final double DEFAULT_TREND_TOLERANCE = 0.02;
    public static final double DEFAULT_MAX_DROP = 0.05;

    public enum Baseline {
        @JsonProperty("last-passing") LAST_PASSING,
        @JsonProperty("none") NONE
    }

    /** With its defaults filled in, every value checked (a refusal names the field). */
    public GateRequest validated() {
        fraction("min_top1", minTop1);
        fraction("min_top5", minTop5);
        return new GateRequest(minTop1, minTop5,
                fraction("trend_tolerance", trendTolerance == null ? DEFAULT_TREND_TOLERANCE : trendTolerance),
                baseline == null ? Baseline.LAST_PASSING : baseline,
                fraction("max_drop", maxDrop == null ? DEFAULT_MAX_DROP : maxDrop));
    }

    private static Double fraction(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new InvalidFieldException(field, "must be a fraction in [0, 1] (0.02 = 2 points), got " + value);
        }
        return value;
    }
}
