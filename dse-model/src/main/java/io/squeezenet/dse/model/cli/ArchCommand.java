package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.LayerSpec;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.compression.DeepCompression;
import io.squeezenet.dse.model.compression.SizeReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dse arch}: the layer table and exact size of one design, like the paper's Table 1. */
@Command(name = "arch", mixinStandardHelpOptions = true,
        description = "Print the layer table and exact size of a SqueezeNet-style design (no training).")
public class ArchCommand implements Callable<Integer> {

    @Mixin
    DesignOptions design;

    @Option(names = "--num-classes", paramLabel = "N", description = "classes of conv10 (default ${DEFAULT-VALUE})")
    int numClasses = Architecture.IMAGENET_CLASSES;

    @Option(names = "--input", paramLabel = "CxHxW", converter = Converters.ToInput.class,
            description = "input image shape (default ${DEFAULT-VALUE}, Caffe's crop)")
    InputShape input = InputShape.IMAGENET;

    @Option(names = "--stem", paramLabel = "STEM", converter = Converters.ToStem.class,
            description = "paper (conv1 7x7/2; 3x3/2 for v1.1) | small (conv1 3x3/1, for inputs of 64px or less) (default ${DEFAULT-VALUE})")
    Stem stem = Stem.PAPER;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Architecture architecture = Architecture.derive(design.metaparameters(), stem, input, numClasses);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(SizeReport.of(architecture)));
        } else {
            out.print(table(architecture, SizeReport.table2Estimates(architecture)));
        }
        out.flush();
        return 0;
    }

    static String table(Architecture a, List<DeepCompression.Estimate> compressed) {
        var m = a.metaparameters();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "base_e=%d incr_e=%d freq=%d sr=%s pct_3x3=%s bypass=%s variant=%s  input=%s classes=%d stem=%s%n%n",
                m.expandBase(), m.expandIncrement(), m.freq(), m.squeezeRatio(), m.pct3x3(), m.bypass(), m.variant(), a.input(),
                a.numClasses(), a.stem()));
        String row = "%-10s %-15s %-14s %-12s %6s %6s %6s %12s %15s%n";
        sb.append(String.format(Locale.ROOT, row, "layer", "kind", "output", "window", "s1x1", "e1x1", "e3x3", "params", "MACs"));
        for (LayerSpec l : a.layers()) {
            String window = l.kernel() == null ? "" : l.kernel() + "x" + l.kernel() + "/" + l.stride()
                    + (l.padding() != null && l.padding() > 0 ? " pad " + l.padding() : "");
            sb.append(String.format(Locale.ROOT, row, l.name(), l.kind(), l.output(), window,
                    blank(l.s1x1()), blank(l.e1x1()), blank(l.e3x3()), blankZero(l.params()), blankZero(l.macs())));
        }
        sb.append(String.format(Locale.ROOT, "%ntotal: %,d parameters = %,d bytes at 32 bit = %.2f MiB; %,d MACs per image%n",
                a.params(), a.sizeBytes(), a.sizeMib(), a.macs()));
        for (DeepCompression.Estimate c : compressed) {
            sb.append(String.format(Locale.ROOT, "Deep Compression estimate (%.0f%% density, %d-bit weights, %d-bit indices, no Huffman): %,d bytes = %.2f MiB%n",
                    c.density() * 100, c.weightBits(), c.indexBits(), c.sizeBytes(), c.sizeMib()));
        }
        return sb.toString();
    }

    private static String blankZero(long v) {
        return v == 0 ? "" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String blank(Integer v) {
        return v == null ? "" : v.toString();
    }
}
