package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidRecipeException;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.network.Norm;

/**
 * How a variant is trained and evaluated: what to train, never where ({@link Placement} holds the threads and the
 * device). Every field but {@code dataset} has a default, filled in by the constructor so a stored recipe always says
 * exactly what ran. Build one with {@link #builder(DatasetKind)}; {@link #toBuilder()} changes a few fields.
 *
 * @param inputSize  network input; default per dataset (Fashion-MNIST 1x32x32, CIFAR 3x32x32, folder 3x64x64)
 * @param stem       default {@code small} for inputs of 64 px or less, else {@code paper}
 * @param init       default {@code djl} for adam, {@code paper} for sgd
 * @param augment    random crop (pad 4) and horizontal flip of training images, as CIFAR recipes do
 * @param dataDir    Fashion-MNIST's IDX folder, the CIFAR cache, or the image folder
 * @param recipe     the named recipe whose values the unset fields below and above take: {@code default}, or
 *                   {@code paper} (also chosen by {@code optimizer: sgd} alone)
 * @param schedule   learning rate after warm-up: constant, cosine or poly (to zero at the last step)
 * @param warmupEpochs linear warm-up from zero, in epochs (fractions allowed)
 * @param clipGradNorm rescale the gradients when their global L2 norm exceeds this; 0 = off
 * @param weightDecay  L2 penalty added to the gradients
 * @param norm       {@code squeeze} (the default), {@code none} (the paper's network) or {@code batch} ({@link Norm})
 */
// threads and device: placement fields that recipes stored before Placement existed still carry; never training
@JsonIgnoreProperties({"threads", "device"})
public record TrainingRecipe(
        @JsonProperty("dataset") DatasetKind dataset,
        @JsonProperty("train_subset") Integer trainSubset,
        @JsonProperty("test_subset") Integer testSubset,
        @JsonProperty("input_size") InputShape inputSize,
        @JsonProperty("stem") Stem stem,
        @JsonProperty("epochs") Integer epochs,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("optimizer") OptimizerKind optimizer,
        @JsonProperty("learning_rate") Double learningRate,
        @JsonProperty("init") Initialization init,
        @JsonProperty("seed") Long seed,
        @JsonProperty("augment") Boolean augment,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("recipe") NamedRecipe recipe,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("warmup_epochs") Double warmupEpochs,
        @JsonProperty("clip_grad_norm") Double clipGradNorm,
        @JsonProperty("weight_decay") Double weightDecay,
        @JsonProperty("norm") Norm norm) {

    public static final int SMALL_STEM_MAX_SIDE = 64;
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH = 4096;
    public static final Schedule DEFAULT_SCHEDULE = Schedule.cosine;
    public static final double DEFAULT_WARMUP_EPOCHS = 0.5;
    public static final double DEFAULT_CLIP_GRAD_NORM = 0.0;
    /** Without it, designs wider than v1.0 die under Adam at any init we measured (docs/recipe.md). */
    public static final Norm DEFAULT_NORM = Norm.squeeze;

    /**
     * Starting weights: the paper's (Caffe "xavier", conv10 Gaussian(0, 0.01)), torchvision's (He uniform, conv10
     * Gaussian(0, 0.01)), or DJL's default (He normal everywhere, conv10 included).
     */
    public enum Initialization {
        paper, torchvision, djl
    }

    public TrainingRecipe {
        if (dataset == null) {
            throw new InvalidRecipeException("dataset", "is required: one of [fashion-mnist, cifar10, cifar100, folder, synthetic]");
        }
        inputSize = inputSize == null ? dataset.defaultInput() : inputSize;
        stem = stem != null ? stem
                : Math.max(inputSize.height(), inputSize.width()) <= SMALL_STEM_MAX_SIDE ? Stem.SMALL : Stem.PAPER;
        epochs = epochs == null ? 3 : epochs;
        batchSize = batchSize == null ? 64 : batchSize;
        recipe = recipe != null ? recipe : optimizer == OptimizerKind.SGD ? NamedRecipe.PAPER : NamedRecipe.DEFAULT;
        boolean paper = recipe == NamedRecipe.PAPER;
        optimizer = optimizer != null ? optimizer : paper ? OptimizerKind.SGD : OptimizerKind.ADAM;
        learningRate = learningRate != null ? learningRate
                : paper ? NamedRecipe.PAPER_LEARNING_RATE * batchSize / NamedRecipe.PAPER_BATCH
                : optimizer.defaultLearningRate();
        // DJL's He-normal init (conv10 included) trains fastest with Adam (docs/recipe.md); the paper's solver
        // comes with the paper's init.
        init = init != null ? init : paper ? Initialization.paper : Initialization.djl;
        schedule = schedule != null ? schedule : paper ? Schedule.poly : DEFAULT_SCHEDULE;
        warmupEpochs = warmupEpochs != null ? warmupEpochs : paper ? 0.0 : DEFAULT_WARMUP_EPOCHS;
        clipGradNorm = clipGradNorm != null ? clipGradNorm : paper ? 0.0 : DEFAULT_CLIP_GRAD_NORM;
        weightDecay = weightDecay != null ? weightDecay : paper ? OptimizerKind.SGD_WEIGHT_DECAY : 0.0;
        norm = norm != null ? norm : paper ? Norm.none : DEFAULT_NORM;
        seed = seed == null ? 42L : seed;
        augment = augment != null && augment;
        requireRange("train_subset", trainSubset, 1, Integer.MAX_VALUE);
        requireRange("test_subset", testSubset, 1, Integer.MAX_VALUE);
        // a subset larger than its split could only fail in every trial, attempt after attempt: refuse it now
        requireWithin("train_subset", trainSubset, dataset, dataset.trainImages(), "training");
        requireWithin("test_subset", testSubset, dataset, dataset.testImages(), "test");
        requireRange("epochs", epochs, 1, MAX_EPOCHS);
        requireRange("batch_size", batchSize, 1, MAX_BATCH);
        if (!Double.isFinite(learningRate) || learningRate <= 0 || learningRate > 10) {
            throw new InvalidRecipeException("learning_rate", "must be a number with 0 < learning_rate <= 10, got " + learningRate);
        }
        requireFinite("warmup_epochs", warmupEpochs, 0, MAX_EPOCHS);
        requireFinite("clip_grad_norm", clipGradNorm, 0, 1e6);
        requireFinite("weight_decay", weightDecay, 0, 1);
        if (dataset == DatasetKind.FOLDER && (dataDir == null || dataDir.isBlank())) {
            throw new InvalidRecipeException("data_dir", "is required for the folder dataset: a directory with one subfolder per class");
        }
    }

    /** A recipe with every default for {@code dataset}. */
    public static TrainingRecipe of(DatasetKind dataset) {
        return builder(dataset).build();
    }

    public static Builder builder(DatasetKind dataset) {
        return new Builder().dataset(dataset);
    }

    /** A builder holding this recipe's values, every default filled in. */
    public Builder toBuilder() {
        return new Builder().dataset(dataset).trainSubset(trainSubset).testSubset(testSubset).inputSize(inputSize)
                .stem(stem).epochs(epochs).batchSize(batchSize).optimizer(optimizer).learningRate(learningRate).init(init)
                .seed(seed).augment(augment).dataDir(dataDir).recipe(recipe).schedule(schedule).warmupEpochs(warmupEpochs)
                .clipGradNorm(clipGradNorm).weightDecay(weightDecay).norm(norm);
    }

    public TrainingRecipe withSubsets(Integer train, Integer test) {
        return toBuilder().trainSubset(train).testSubset(test).build();
    }

    /** The same recipe on another copy of the data (a dataset's files elsewhere, or another dataset of its shape). */
    public TrainingRecipe withData(DatasetKind kind, String dir) {
        return toBuilder().dataset(kind).dataDir(dir).build();
    }

    /**
     * Deep Compression's retraining for {@code n} epochs: the recipe's optimizer and learning rate, held constant,
     * without warm-up (the network is trained already). One epoch on a Fashion-MNIST network pruned to 33% (8-bit):
     * a tenth of the rate recovered 50% top-1, the full rate with cosine decay 67%, the full rate held 71%.
     */
    public TrainingRecipe forFinetune(int n) {
        return toBuilder().epochs(n).schedule(Schedule.constant).warmupEpochs(0.0).build();
    }

    public TrainingRecipe withEpochs(int n) {
        return toBuilder().epochs(n).build();
    }

    public TrainingRecipe withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /** Another optimizer; a null rate takes that optimizer's default. */
    public TrainingRecipe withOptimizer(OptimizerKind kind, Double lr) {
        return toBuilder().optimizer(kind).learningRate(lr).build();
    }

    /** The fields one by one; those left unset take the recipe's defaults when it is built. */
    public static final class Builder {
        private DatasetKind dataset;
        private Integer trainSubset;
        private Integer testSubset;
        private InputShape inputSize;
        private Stem stem;
        private Integer epochs;
        private Integer batchSize;
        private OptimizerKind optimizer;
        private Double learningRate;
        private Initialization init;
        private Long seed;
        private Boolean augment;
        private String dataDir;
        private NamedRecipe recipe;
        private Schedule schedule;
        private Double warmupEpochs;
        private Double clipGradNorm;
        private Double weightDecay;
        private Norm norm;

        private Builder() {
        }

        public Builder dataset(DatasetKind v) { dataset = v; return this; }
        public Builder trainSubset(Integer v) { trainSubset = v; return this; }
        public Builder testSubset(Integer v) { testSubset = v; return this; }
        public Builder inputSize(InputShape v) { inputSize = v; return this; }
        public Builder stem(Stem v) { stem = v; return this; }
        public Builder epochs(Integer v) { epochs = v; return this; }
        public Builder batchSize(Integer v) { batchSize = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder learningRate(Double v) { learningRate = v; return this; }
        public Builder init(Initialization v) { init = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder augment(Boolean v) { augment = v; return this; }
        public Builder dataDir(String v) { dataDir = v; return this; }
        public Builder recipe(NamedRecipe v) { recipe = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder warmupEpochs(Double v) { warmupEpochs = v; return this; }
        public Builder clipGradNorm(Double v) { clipGradNorm = v; return this; }
        public Builder weightDecay(Double v) { weightDecay = v; return this; }
        public Builder norm(Norm v) { norm = v; return this; }

        /** Validates field by field; a refusal names the field. */
        public TrainingRecipe build() {
            return new TrainingRecipe(dataset, trainSubset, testSubset, inputSize, stem, epochs, batchSize, optimizer,
                    learningRate, init, seed, augment, dataDir, recipe, schedule, warmupEpochs, clipGradNorm, weightDecay,
                    norm);
        }
    }

    private static void requireFinite(String field, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new InvalidRecipeException(field, "must be a number in [" + min + ", " + max + "], got " + value);
        }
    }

    private static void requireWithin(String field, Integer subset, DatasetKind dataset, java.util.OptionalInt split,
                                      String which) {
        if (subset != null && split.isPresent() && subset > split.getAsInt()) {
            throw new InvalidRecipeException(field, String.format(java.util.Locale.ROOT,
                    "must be at most %,d: %s has %,d %s images, got %,d", split.getAsInt(), dataset, split.getAsInt(),
                    which, subset));
        }
    }

    private static void requireRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidRecipeException(field, "must be an integer in [" + min + ", " + max + "], got " + value);
        }
    }
}
