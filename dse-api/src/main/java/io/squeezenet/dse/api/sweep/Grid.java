package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Lists of metaparameter values; the sweep is their cartesian product. A missing list takes SqueezeNet v1.0's value. */
public record Grid(
        @JsonProperty("base_e") List<Integer> baseE,
        @JsonProperty("incr_e") List<Integer> incrE,
        @JsonProperty("freq") List<Integer> freq,
        @JsonProperty("sr") List<Double> sr,
        @JsonProperty("pct_3x3") List<Double> pct3x3,
        @JsonProperty("bypass") List<String> bypass,
        @JsonProperty("variant") List<String> variant) {

    static final Grid EMPTY = new Grid(null, null, null, null, null, null, null);

    /** A grid of the paper's v1.0 macroarchitecture (the presets' figures). */
    Grid(List<Integer> baseE, List<Integer> incrE, List<Integer> freq, List<Double> sr, List<Double> pct3x3,
            List<String> bypass) {
        this(baseE, incrE, freq, sr, pct3x3, bypass, null);
    }

    /** This grid's lists where given, else {@code base}'s. */
    Grid over(Grid base) {
        return new Grid(baseE != null ? baseE : base.baseE, incrE != null ? incrE : base.incrE,
                freq != null ? freq : base.freq, sr != null ? sr : base.sr, pct3x3 != null ? pct3x3 : base.pct3x3,
                bypass != null ? bypass : base.bypass, variant != null ? variant : base.variant);
    }
}
