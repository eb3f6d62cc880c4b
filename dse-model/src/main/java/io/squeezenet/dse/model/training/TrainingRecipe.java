package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.InvalidDesignException;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;

/**
 * How a variant is trained and evaluated. Every field but {@code dataset} has a default, filled in by the
 * constructor so a stored recipe always says exactly what ran.
 *
 * @param inputSize  network input; default per dataset (Fashion-MNIST 1x32x32, CIFAR 3x32x32, folder 3x64x64)
 * @param stem       default {@code small} for inputs of 64 px or less, else {@code paper}
 * @param init       default {@code djl} for adam, {@code paper} for sgd
 * @param threads    CPU threads for PyTorch; 0 = all cores
 * @param device     {@code auto} (first GPU DJL sees, else CPU), {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param augment    random crop (pad 4) and horizontal flip of training images, as CIFAR recipes do
 * @param dataDir    Fashion-MNIST's IDX folder, the CIFAR cache, or the image folder
 */
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
        @JsonProperty("threads") Integer threads,
        @JsonProperty("device") String device,
        @JsonProperty("augment") Boolean augment,
        @JsonProperty("data_dir") String dataDir) {

    public static final int SMALL_STEM_MAX_SIDE = 64;
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH = 4096;

    /**
     * Starting weights: the paper's (Caffe "xavier", conv10 Gaussian(0, 0.01)), torchvision's (He uniform, conv10
     * Gaussian(0, 0.01)), or DJL's default (He normal everywhere, conv10 included).
     */
    public enum Initialization {
        paper, torchvision, djl
    }

    public TrainingRecipe {
        if (dataset == null) {
            throw new InvalidDesignException("dataset", "is required: one of [fashion-mnist, cifar10, cifar100, folder, synthetic]");
        }
        inputSize = inputSize == null ? dataset.defaultInput() : inputSize;
        stem = stem != null ? stem
                : Math.max(inputSize.height(), inputSize.width()) <= SMALL_STEM_MAX_SIDE ? Stem.SMALL : Stem.PAPER;
        epochs = epochs == null ? 3 : epochs;
        batchSize = batchSize == null ? 64 : batchSize;
        optimizer = optimizer == null ? OptimizerKind.ADAM : optimizer;
        learningRate = learningRate == null ? optimizer.defaultLearningRate() : learningRate;
        // measured on 5k Fashion-MNIST, 2 epochs of Adam: top-1 0.70 from DJL's He-normal init (conv10 included),
        // 0.55 from torchvision's, 0.48 from the paper's (a conv10 at sigma 0.01 behind a ReLU starts slowly).
        // SGD follows the paper's solver whole.
        init = init != null ? init : optimizer == OptimizerKind.SGD ? Initialization.paper : Initialization.djl;
        seed = seed == null ? 42L : seed;
        threads = threads == null ? 0 : threads;
        device = device == null || device.isBlank() ? "auto" : device.trim();
        augment = augment != null && augment;
        requireRange("train_subset", trainSubset, 1, Integer.MAX_VALUE);
        requireRange("test_subset", testSubset, 1, Integer.MAX_VALUE);
        requireRange("epochs", epochs, 1, MAX_EPOCHS);
        requireRange("batch_size", batchSize, 1, MAX_BATCH);
        requireRange("threads", threads, 0, 1024);
        if (!Double.isFinite(learningRate) || learningRate <= 0 || learningRate > 10) {
            throw new InvalidDesignException("learning_rate", "must be a number with 0 < learning_rate <= 10, got " + learningRate);
        }
        if (dataset == DatasetKind.FOLDER && (dataDir == null || dataDir.isBlank())) {
            throw new InvalidDesignException("data_dir", "is required for the folder dataset: a directory with one subfolder per class");
        }
    }

    /** A recipe with every default for {@code dataset}. */
    public static TrainingRecipe of(DatasetKind dataset) {
        return new TrainingRecipe(dataset, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public TrainingRecipe withSubsets(Integer train, Integer test) {
        return new TrainingRecipe(dataset, train, test, inputSize, stem, epochs, batchSize, optimizer, learningRate, init,
                seed, threads, device, augment, dataDir);
    }

    public TrainingRecipe withEpochs(int n) {
        return new TrainingRecipe(dataset, trainSubset, testSubset, inputSize, stem, n, batchSize, optimizer, learningRate,
                init, seed, threads, device, augment, dataDir);
    }

    public TrainingRecipe withSeed(long s) {
        return new TrainingRecipe(dataset, trainSubset, testSubset, inputSize, stem, epochs, batchSize, optimizer,
                learningRate, init, s, threads, device, augment, dataDir);
    }

    public TrainingRecipe withOptimizer(OptimizerKind kind, Double lr) {
        return new TrainingRecipe(dataset, trainSubset, testSubset, inputSize, stem, epochs, batchSize, kind, lr, init,
                seed, threads, device, augment, dataDir);
    }

    /** The recipe as one worker thread runs it: this trial's seed, the worker's share of cores, its device. */
    public TrainingRecipe forWorker(long trialSeed, int workerThreads, String workerDevice) {
        return new TrainingRecipe(dataset, trainSubset, testSubset, inputSize, stem, epochs, batchSize, optimizer,
                learningRate, init, trialSeed, workerThreads, workerDevice, augment, dataDir);
    }

    /** Threads to give PyTorch. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    private static void requireRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidDesignException(field, "must be an integer in [" + min + ", " + max + "], got " + value);
        }
    }
}
