package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.util.List;

/**
 * The metaparameters a search draws from: integer ranges with a step ({@code base_e}, {@code incr_e}, {@code freq}),
 * number ranges, optionally log-scaled ({@code sr}, {@code pct_3x3}), and lists ({@code bypass}, {@code variant}). A
 * metaparameter the space leaves out is drawn from the sweep's grid list for it (v1.0's value when there is none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSpace(
        @JsonProperty("base_e") IntRange baseE,
        @JsonProperty("incr_e") IntRange incrE,
        @JsonProperty("freq") IntRange freq,
        @JsonProperty("sr") FloatRange sr,
        @JsonProperty("pct_3x3") FloatRange pct3x3,
        @JsonProperty("bypass") List<Bypass> bypass,
        @JsonProperty("variant") List<Variant> variant) {

    public SearchSpace {
        if (bypass != null && (bypass.isEmpty() || bypass.stream().anyMatch(java.util.Objects::isNull))) {
            throw new InvalidFieldException("bypass", "must list at least one of none, simple, complex");
        }
        if (variant != null && (variant.isEmpty() || variant.stream().anyMatch(java.util.Objects::isNull))) {
            throw new InvalidFieldException("variant", "must list at least one of v1.0, v1.1");
        }
    }

    /** {@code min}, {@code min + step}, ... up to {@code max}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntRange(@JsonProperty("min") int min, @JsonProperty("max") int max, @JsonProperty("step") Integer step) {

        public IntRange {
            step = step == null ? 1 : step;
            if (step < 1) {
                throw new InvalidFieldException("step", "must be an integer >= 1, got " + step);
            }
            if (max < min) {
                throw new InvalidFieldException("max", "must be at least min (" + min + "), got " + max);
            }
            if ((long) max - min > Metaparameters.MAX_EXPAND) {
                throw new InvalidFieldException("max", "spans more than " + Metaparameters.MAX_EXPAND + " from min");
            }
        }

    }

    /** Uniform in [min, max], or log-uniform when {@code log} (then min must be above 0). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FloatRange(@JsonProperty("min") double min, @JsonProperty("max") double max,
                             @JsonProperty("log") Boolean log) {

        public FloatRange {
            log = log != null && log;
            if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
                throw new InvalidFieldException("max", "must be a number at least min (" + min + "), got " + max);
            }
            if (log && min <= 0) {
                throw new InvalidFieldException("min", "must be above 0 on a log scale, got " + min);
            }
        }

    }
}
