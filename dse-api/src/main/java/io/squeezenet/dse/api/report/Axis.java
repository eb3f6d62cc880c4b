package io.squeezenet.dse.api.report;

import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.function.Function;

/**
 * What a sweep's figure puts on its x axis: the one metaparameter the sweep varies, or the model size when it
 * varies several (or none).
 */
public enum Axis {
    base_e(m -> m.expandBase()),
    incr_e(m -> m.expandIncrement()),
    freq(m -> m.freq()),
    sr(m -> m.squeezeRatio()),
    pct_3x3(m -> m.pct3x3()),
    bypass(m -> m.bypass().label()),
    variant(m -> m.variant().label()),
    size_mib(m -> null);

    private final Function<Metaparameters, Object> value;

    Axis(Function<Metaparameters, Object> value) {
        this.value = value;
    }

    /** This metaparameter's value in {@code m}: a number, or the bypass or variant name; null for {@code size_mib}. */
    Object of(Metaparameters m) {
        return value.apply(m);
    }

    /** How titles and axes name it, in the paper's words. */
    public String title() {
        return switch (this) {
            case base_e -> "base_e";
            case incr_e -> "incr_e";
            case freq -> "freq";
            case sr -> "squeeze ratio (SR)";
            case pct_3x3 -> "percentage of 3x3 filters (pct_3x3)";
            case bypass -> "bypass";
            case variant -> "SqueezeNet variant";
            case size_mib -> "model size (MiB, network trained)";
        };
    }
}
