package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.network.Norm;
import io.squeezenet.dse.model.training.NamedRecipe;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.Schedule;
import io.squeezenet.dse.model.training.TrainingRecipe;
import picocli.CommandLine.Option;

/** The training recipe's flags, shared by {@code dse train} and {@code dse lr-find}; unset flags take the recipe's defaults. */
public class RecipeOptions {

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
            description = "adam (default, lr 1e-3) | sgd (momentum 0.9, weight decay 2e-4, linear decay, lr 0.04 per 512"
                    + " images scaled to the batch: 0.005 at 64)")
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
            description = "default (adam 1e-3, warm-up + cosine, batch norm after the squeeze layers; docs/recipe.md) | paper (the paper's SGD solver, no batch norm); flags override")
    NamedRecipe recipeName;

    @Option(names = "--schedule", paramLabel = "NAME", description = "learning rate after warm-up: constant | cosine | poly")
    Schedule schedule;

    @Option(names = "--warmup-epochs", paramLabel = "E", description = "linear warm-up from 0, in epochs")
    Double warmupEpochs;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "clip the gradients' global L2 norm (0 = off)")
    Double clipGradNorm;

    @Option(names = "--weight-decay", paramLabel = "X", description = "L2 weight decay")
    Double weightDecay;

    @Option(names = "--norm", paramLabel = "NAME", description = "none (the paper's network) | squeeze (batch norm after conv1, squeeze layers and bypass convolutions; the default) | batch (also after the expand layers); batch norm is a recorded deviation")
    Norm norm;

    /** What to train; a refusal names the field. */
    public TrainingRecipe recipe() {
        return TrainingRecipe.builder(dataset).trainSubset(trainSubset).testSubset(testSubset).inputSize(input).stem(stem)
                .epochs(epochs).batchSize(batchSize).optimizer(optimizer).learningRate(learningRate).init(init).seed(seed)
                .augment(augment).dataDir(dataDir).recipe(recipeName).schedule(schedule).warmupEpochs(warmupEpochs)
                .clipGradNorm(clipGradNorm).weightDecay(weightDecay).norm(norm).build();
    }

    /** Where to train it: --threads and --device. */
    public Placement placement() {
        return Placement.of(threads, device);
    }
}
