package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.training.Devices;
import io.squeezenet.dse.model.training.EpochMetrics;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.SqueezeNetTrainer;
import io.squeezenet.dse.model.training.TrainingProgress;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dse train}: trains and evaluates one variant in this process, with a progress bar on stderr. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate one SqueezeNet-style variant (top-1/top-5 on the test split).")
public class TrainCommand implements Callable<Integer> {

    @Mixin
    DesignOptions design;

    @Mixin
    RecipeOptions training;

    @Option(names = "--json", description = "print the result as one JSON object on the last line of stdout")
    boolean json;

    @Option(names = "--save-weights", paramLabel = "FILE",
            description = "write the trained network here (DJL .params with its design; for dse eval and dse compress)")
    Path saveWeights;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainingRecipe recipe = training.recipe();
        Placement placement = training.placement();
        // refused before training, not after it
        Path folder = saveWeights == null ? null : saveWeights.toAbsolutePath().getParent();
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            throw new io.squeezenet.dse.model.InvalidFieldException("save_weights", "no such directory: " + folder);
        }
        if (folder != null && !java.nio.file.Files.isWritable(folder)) {
            throw new io.squeezenet.dse.model.InvalidFieldException("save_weights", "cannot write in " + folder);
        }
        PrintWriter err = spec.commandLine().getErr();
        TrialResult result = new SqueezeNetTrainer(placement).train(design.metaparameters(), recipe,
                new ProgressBar(err, () -> "device: " + Devices.describe(placement.device())), () -> false, saveWeights);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(result));
        } else {
            out.printf(Locale.ROOT, "top-1 %.2f%%  top-5 %.2f%%  after %d epochs on %,d images (tested on %,d)%n",
                    result.top1() * 100, result.top5() * 100, result.epochs().size(), result.trainImages(), result.testImages());
            out.printf(Locale.ROOT, "trained network: %,d parameters = %,d bytes; at ImageNet scale: %,d parameters = %,d bytes%n",
                    result.params(), result.sizeBytes(), result.imagenetParams(), result.imagenetSizeBytes());
            out.printf(Locale.ROOT, "%.1f s wall, %.0f training images/s, %.0f evaluation images/s on %s (DJL %s, PyTorch %s)%n",
                    result.wallSeconds(), result.imagesPerSecond(), result.evalImagesPerSecond(), result.device(),
                    result.djlVersion(), result.pytorchVersion());
            if (saveWeights != null) {
                out.println("weights: " + saveWeights + " (check them: ./dse eval --weights " + saveWeights + ")");
            }
        }
        out.flush();
        return 0;
    }

    /**
     * One line per epoch, redrawn in place at most four times a second, after a first line (where it trains) once the
     * data is loaded and training has begun, so a refusal stays a single line.
     */
    static final class ProgressBar implements TrainingProgress {
        private static final int WIDTH = 24;
        private final PrintWriter err;
        private Supplier<String> first;
        private long lastDraw;

        ProgressBar(PrintWriter err, Supplier<String> first) {
            this.err = err;
            this.first = first;
        }

        @Override
        public void batch(int epoch, int epochs, long done, long perEpoch, double loss, double imagesPerSecond) {
            long now = System.nanoTime();
            if (done < perEpoch && now - lastDraw < 250_000_000L) {
                return;
            }
            lastDraw = now;
            if (first != null) {
                err.println(first.get());
                first = null;
            }
            int filled = (int) (WIDTH * done / perEpoch);
            double remaining = (perEpoch - done + (double) (epochs - epoch) * perEpoch) / Math.max(imagesPerSecond, 1e-9);
            err.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %,d/%,d  %.0f img/s  loss %.4f  ETA %s   ",
                    epoch, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), done, perEpoch, imagesPerSecond, loss,
                    duration(remaining));
            err.flush();
        }

        @Override
        public void epoch(EpochMetrics m, int epochs) {
            err.printf(Locale.ROOT, "%nepoch %d/%d: loss %.4f  top-1 %.2f%%  top-5 %.2f%%  %.0f img/s  %.1f s%n",
                    m.epoch(), epochs, m.trainLoss(), m.top1() * 100, m.top5() * 100, m.imagesPerSecond(), m.seconds());
            err.flush();
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
