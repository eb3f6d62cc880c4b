package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.EpochMetrics;
import io.squeezenet.dse.model.training.NamedRecipe;
import io.squeezenet.dse.model.training.Norm;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.Schedule;
import io.squeezenet.dse.model.training.SqueezeNetTrainer;
import io.squeezenet.dse.model.training.TrainingProgress;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @Option(names = "--dataset", required = true, paramLabel = "NAME", converter = Converters.ToDataset.class,
            description = "fashion-mnist | cifar10 | cifar100 | folder | synthetic")
    DatasetKind dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Fashion-MNIST IDX folder (default: Debian's), CIFAR cache, or image folder (required for folder)")
    String dataDir;

    @Option(names = "--train-subset", paramLabel = "N", description = "training images, stratified by class (default: all)")
    Integer trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", description = "test images, stratified by class (default: all)")
    Integer testSubset;

    @Option(names = "--epochs", paramLabel = "N", description = "default 3")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "default 64")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = Converters.ToOptimizer.class,
            description = "adam (default, lr 1e-3) | sgd (momentum 0.9, weight decay 2e-4, linear decay, lr 0.04)")
    OptimizerKind optimizer;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "LR", description = "base learning rate")
    Double learningRate;

    @Option(names = "--input", paramLabel = "CxHxW", converter = Converters.ToInput.class,
            description = "network input (default per dataset: fashion-mnist 1x32x32, cifar 3x32x32, folder 3x64x64)")
    InputShape input;

    @Option(names = "--stem", paramLabel = "STEM", converter = Converters.ToStem.class,
            description = "paper | small (default: small for inputs of 64 px or less)")
    Stem stem;

    @Option(names = "--init", paramLabel = "INIT", description = "paper (Caffe xavier; default for sgd) | torchvision (He uniform) | djl (He normal; default for adam)")
    TrainingRecipe.Initialization init;

    @Option(names = "--seed", paramLabel = "N", description = "default 42")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEV", description = "auto (default) | cpu | gpu | gpu:N")
    String device;

    @Option(names = "--augment", description = "random crop (pad 4) and horizontal flip of training images")
    boolean augment;

    @Option(names = "--recipe", paramLabel = "NAME", converter = Converters.ToRecipe.class,
            description = "default (adam 1e-3, warm-up + cosine, batch norm; docs/recipe.md) | paper (the paper's SGD solver, no batch norm); flags override")
    NamedRecipe recipeName;

    @Option(names = "--schedule", paramLabel = "NAME", description = "learning rate after warm-up: constant | cosine | poly")
    Schedule schedule;

    @Option(names = "--warmup-epochs", paramLabel = "E", description = "linear warm-up from 0, in epochs")
    Double warmupEpochs;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "clip the gradients' global L2 norm (0 = off)")
    Double clipGradNorm;

    @Option(names = "--weight-decay", paramLabel = "X", description = "L2 weight decay")
    Double weightDecay;

    @Option(names = "--norm", paramLabel = "NAME", description = "none (the paper's network) | batch (batch norm, a recorded deviation)")
    Norm norm;

    @Option(names = "--json", description = "print the result as one JSON object on the last line of stdout")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainingRecipe recipe = new TrainingRecipe(dataset, trainSubset, testSubset, input, stem, epochs, batchSize,
                optimizer, learningRate, init, seed, threads, device, augment, dataDir, recipeName, schedule, warmupEpochs,
                clipGradNorm, weightDecay, norm);
        PrintWriter err = spec.commandLine().getErr();
        TrialResult result = new SqueezeNetTrainer().train(design.metaparameters(), recipe, new ProgressBar(err), () -> false);
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
        }
        out.flush();
        return 0;
    }

    /** One line per epoch, redrawn in place at most four times a second. */
    static final class ProgressBar implements TrainingProgress {
        private static final int WIDTH = 24;
        private final PrintWriter err;
        private long lastDraw;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void batch(int epoch, int epochs, long done, long perEpoch, double loss, double imagesPerSecond) {
            long now = System.nanoTime();
            if (done < perEpoch && now - lastDraw < 250_000_000L) {
                return;
            }
            lastDraw = now;
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
