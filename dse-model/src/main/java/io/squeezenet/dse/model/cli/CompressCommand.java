package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.compression.CompressionResult;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.training.Devices;
import io.squeezenet.dse.model.training.NetworkCompression;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.TrainedNetwork;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dse compress}: Deep Compression or 8-bit quantization of a trained network, its real size and accuracy. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compress a trained network (Deep Compression or int8), write the file, and measure its size and"
                + " its top-1/top-5 before, right after, and after a short fine-tune.")
public class CompressCommand implements Callable<Integer> {

    @Mixin
    EvaluationOptions evaluation;

    @Option(names = "--method", paramLabel = "NAME", converter = Converters.ToCompressionMethod.class,
            description = "deep (pruning, weight sharing, sparse storage; the paper's Table 2) | int8 (default ${DEFAULT-VALUE})")
    CompressionMethod method = CompressionMethod.DEEP;

    @Option(names = "--density", paramLabel = "D", description = "deep: share of weights kept (default 0.33; conv1 keeps at least 0.85)")
    Double density;

    @Option(names = "--bits", paramLabel = "N", description = "deep: bits per shared weight, a codebook of 2^N (default 8)")
    Integer bits;

    @Option(names = "--huffman", description = "deep: Huffman-code the indices too (Deep Compression's last stage)")
    Boolean huffman;

    @Option(names = "--finetune-epochs", paramLabel = "N",
            description = "retrain with the mask and shared weights held, 0 for none (default 1)")
    Integer finetuneEpochs;

    @Option(names = "--output", paramLabel = "FILE", description = "the compressed file (default: beside the weights)")
    Path output;

    @Option(names = "--json", description = "print one JSON object instead of the summary")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CompressionSpec compression = new CompressionSpec(method, density, bits, huffman, finetuneEpochs);
        Path file = output != null ? output : defaultOutput(evaluation.weights, compression);
        Path network = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.dsec$", "") + ".params");
        NetworkCompression.Outcome outcome;
        Placement placement = evaluation.placement();
        try (TrainedNetwork trained = TrainedNetwork.load(evaluation.weights, placement.device())) {
            TrainingRecipe recipe = evaluation.recipe(trained.recipe());
            spec.commandLine().getErr().println("compressing " + trained.metaparameters() + ": " + compression.label()
                    + ", evaluated on " + recipe.dataset() + " (device: " + Devices.describe(placement.device()) + ") ...");
            Split data = TrainedNetwork.dataFor(recipe);
            var progress = new TrainCommand.ProgressBar(spec.commandLine().getErr(), () -> "fine-tuning "
                    + compression.finetuneEpochs() + " epoch" + (compression.finetuneEpochs() == 1 ? "" : "s")
                    + " with the compressed form held");
            outcome = NetworkCompression.run(trained, compression, data, recipe, placement, evaluation.batchSize(recipe), null,
                    progress, () -> false, network);
        }
        try {
            Files.write(file, outcome.file());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
        CompressionResult r = outcome.result();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(new Report(r, file.toString(), network.toString())));
        } else {
            out.printf(Locale.ROOT, "%s: %,d bytes dense -> %,d bytes (%.1fx smaller; estimate %,d), written to %s%n",
                    compression.label(), r.denseBytes(), r.compressedBytes(), r.reduction(), r.estimatedBytes(), file);
            out.printf(Locale.ROOT, "top-1 %.2f%% before, %.2f%% compressed%s, on %,d test images%n", r.top1Before() * 100,
                    r.top1Compressed() * 100, r.top1Finetuned() == null ? " (no fine-tune)" : String.format(Locale.ROOT,
                            ", %.2f%% after %d epoch%s of fine-tune", r.top1Finetuned() * 100, compression.finetuneEpochs(),
                            compression.finetuneEpochs() == 1 ? "" : "s"), r.testImages());
            out.println("the network as measured, for dse eval: " + network);
        }
        out.flush();
        return 0;
    }

    /**
     * {@code dse compress --json}: the measurement, where the compressed file went, and the network as measured
     * (decoded weights with batch norm's statistics and the fine-tune, in the weights format).
     */
    record Report(@com.fasterxml.jackson.annotation.JsonUnwrapped CompressionResult result,
                  @com.fasterxml.jackson.annotation.JsonProperty("file") String file,
                  @com.fasterxml.jackson.annotation.JsonProperty("network") String network) {
    }

    static Path defaultOutput(Path weights, CompressionSpec compression) {
        String name = weights.getFileName().toString().replaceFirst("\\.params$", "");
        String tag = compression.method() == CompressionMethod.INT8 ? "int8"
                : String.format(Locale.ROOT, "deep-%d-%dbit%s", Math.round(compression.density() * 100), compression.bits(),
                        compression.huffman() ? "-huffman" : "");
        return weights.toAbsolutePath().resolveSibling(name + "." + tag + ".dsec");
    }
}
