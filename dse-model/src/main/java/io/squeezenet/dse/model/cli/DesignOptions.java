package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import picocli.CommandLine.Option;

/** The metaparameter flags shared by {@code dse arch} and {@code dse train}; defaults are SqueezeNet v1.0. */
public class DesignOptions {

    @Option(names = "--base-e", paramLabel = "N", description = "base_e: expand filters of fire2 (default ${DEFAULT-VALUE})")
    int baseE = Metaparameters.SQUEEZENET_V1_0.expandBase();

    @Option(names = "--incr-e", paramLabel = "N", description = "incr_e: expand filters added every freq modules (default ${DEFAULT-VALUE})")
    int incrE = Metaparameters.SQUEEZENET_V1_0.expandIncrement();

    @Option(names = "--freq", paramLabel = "N", description = "freq: Fire modules between increments (default ${DEFAULT-VALUE})")
    int freq = Metaparameters.SQUEEZENET_V1_0.freq();

    @Option(names = "--sr", paramLabel = "R", description = "squeeze ratio SR, 0 < SR <= 1 (default ${DEFAULT-VALUE})")
    double sr = Metaparameters.SQUEEZENET_V1_0.squeezeRatio();

    @Option(names = "--pct-3x3", paramLabel = "P", description = "share of 3x3 expand filters, 0..1 (default ${DEFAULT-VALUE})")
    double pct3x3 = Metaparameters.SQUEEZENET_V1_0.pct3x3();

    @Option(names = "--bypass", paramLabel = "TYPE", converter = Converters.ToBypass.class,
            description = "none | simple | complex (default ${DEFAULT-VALUE})")
    Bypass bypass = Metaparameters.SQUEEZENET_V1_0.bypass();

    @Option(names = "--variant", paramLabel = "V", converter = Converters.ToVariant.class,
            description = "v1.0 (the paper's Table 1) | v1.1 (conv1 3x3/64, pools after conv1, fire3, fire5; 2.4x less computation) (default ${DEFAULT-VALUE})")
    Variant variant = Variant.V1_0;

    public Metaparameters metaparameters() {
        return new Metaparameters(baseE, incrE, freq, sr, pct3x3, bypass, variant);
    }
}
