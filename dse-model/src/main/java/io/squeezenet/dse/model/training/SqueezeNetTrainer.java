package io.squeezenet.dse.model.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.djl.training.tracker.Tracker;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.Augmentation;
import io.squeezenet.dse.model.dataset.ImageSet;
import io.squeezenet.dse.model.dataset.Preprocessing;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.network.SqueezeNetBlock;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains and evaluates one variant: the unit of work of a trial. Images are converted to floats once; each epoch
 * visits them in a seeded order, copied a chunk of batches at a time into one tensor that the batches slice without
 * further copies. Every batch runs in its own NDManager, so native memory stays flat across epochs.
 */
public final class SqueezeNetTrainer {

    /** Batches copied to the engine at once: bounds the staging memory whatever the dataset size. */
    static final int BATCHES_PER_CHUNK = 32;
    static final int TOP_K = 5;

    /** Loads the recipe's dataset and subsets, then trains. */
    public TrialResult train(Metaparameters m, TrainingRecipe recipe, TrainingProgress progress, BooleanSupplier cancelled) {
        Split full = recipe.dataset().load(recipe.dataDir() == null ? null : Path.of(recipe.dataDir()),
                recipe.inputSize(), recipe.seed());
        Split data = new Split(full.train().stratifiedSubset(recipe.trainSubset(), recipe.seed(), "train_subset"),
                full.test().stratifiedSubset(recipe.testSubset(), recipe.seed(), "test_subset"));
        return train(m, recipe, data, progress, cancelled);
    }

    public TrialResult train(Metaparameters m, TrainingRecipe recipe, Split data, TrainingProgress progress,
                             BooleanSupplier cancelled) {
        return train(m, recipe, data, progress, cancelled, null);
    }

    /**
     * A learning-rate range test (Smith 2015, as fastai's lr_find and Lightning's lr_finder): {@code steps} batches
     * with the rate growing exponentially from {@code minRate} to {@code maxRate}, stopped early once the smoothed
     * loss passes four times its best. The recipe's other fields (optimizer, init, norm, data) apply.
     */
    public LearningRateRange findLearningRate(Metaparameters m, TrainingRecipe recipe, double minRate, double maxRate,
                                              int steps, TrainingProgress progress) {
        Split full = recipe.dataset().load(recipe.dataDir() == null ? null : Path.of(recipe.dataDir()),
                recipe.inputSize(), recipe.seed());
        Split data = new Split(full.train().stratifiedSubset(recipe.trainSubset(), recipe.seed(), "train_subset"),
                full.test().stratifiedSubset(Math.min(full.test().size(), LearningRateRange.TEST_IMAGES), recipe.seed(),
                        "test_subset"));
        int batchesPerEpoch = (data.train().size() + recipe.batchSize() - 1) / recipe.batchSize();
        TrainingRecipe run = recipe.withEpochs((steps + batchesPerEpoch - 1) / batchesPerEpoch);
        LearningRateRange.Recorder recorder = new LearningRateRange.Recorder(minRate, maxRate, steps, progress);
        try {
            train(m, run, data, recorder, recorder::done, recorder.tracker());
        } catch (TrainingCancelledException | TrainingFailedException stopped) {
            // the range test ends by stopping the run: enough steps, or the loss blew up
        }
        return recorder.result();
    }

    private TrialResult train(Metaparameters m, TrainingRecipe recipe, Split data, TrainingProgress progress,
                              BooleanSupplier cancelled, Tracker learningRate) {
        long started = System.nanoTime();
        InputShape input = recipe.inputSize();
        ImageSet train = data.train();
        ImageSet test = data.test();
        Architecture architecture = Architecture.derive(m, recipe.stem(), input, train.classes());
        Architecture imagenet = Architecture.imagenet(m);
        Preprocessing.Normalization norm = Preprocessing.Normalization.of(train);
        float[] trainX = Preprocessing.toInput(train, input, norm);
        float[] testX = Preprocessing.toInput(test, input, norm);

        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) (recipe.seed() ^ (recipe.seed() >>> 32)));
        JniUtils.setNumThreads(recipe.effectiveThreads());
        Device device = Devices.resolve(recipe.device());
        int batch = recipe.batchSize();
        int batchesPerEpoch = (train.size() + batch - 1) / batch;

        try (Model model = Model.newInstance("squeezenet", device, "PyTorch")) {
            SequentialBlock network = SqueezeNetBlock.build(architecture, recipe.norm());
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer(recipe, learningRate != null ? learningRate
                            : learningRateTracker(recipe, batchesPerEpoch)))
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                switch (recipe.init()) {
                    case paper -> SqueezeNetBlock.initializeWeights(network, SqueezeNetBlock.PAPER_XAVIER_MAGNITUDE);
                    case torchvision -> SqueezeNetBlock.initializeWeights(network, SqueezeNetBlock.HE_MAGNITUDE);
                    case djl -> { }
                }
                trainer.initialize(new Shape(batch, input.channels(), input.height(), input.width()));
                Random order = new Random(recipe.seed());
                List<EpochMetrics> epochs = new ArrayList<>();
                double trainSeconds = 0;
                double evalSeconds = 0;
                for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    double loss = trainEpoch(trainer, recipe, train, trainX, norm, order, epoch, progress, cancelled);
                    double epochTrain = (System.nanoTime() - epochStart) / 1e9;
                    long evalStart = System.nanoTime();
                    double[] topK = evaluate(trainer, test, testX, input, batch, cancelled);
                    double epochEval = (System.nanoTime() - evalStart) / 1e9;
                    trainSeconds += epochTrain;
                    evalSeconds += epochEval;
                    // a network that learned nothing: mean loss at ln(classes) and chance accuracy on the test set,
                    // after a second epoch so a slow start is not mistaken for death
                    if (epoch >= 2 && Math.abs(loss - Math.log(train.classes())) < 1e-3
                            && topK[0] <= 1.5 / train.classes()) {
                        throw deadNetwork(recipe, train.classes(), "epoch " + epoch + " ended at chance accuracy with");
                    }
                    EpochMetrics metrics = new EpochMetrics(epoch, loss, train.size() / epochTrain, topK[0], topK[1],
                            epochTrain + epochEval, residentBytes());
                    epochs.add(metrics);
                    progress.epoch(metrics, recipe.epochs());
                }
                EpochMetrics last = epochs.get(epochs.size() - 1);
                ChanceLevel chance = ChanceLevel.of(test);
                if (chance.reachedBy(last.top1())) {
                    throw new TrainingFailedException(String.format(java.util.Locale.ROOT,
                            "at chance: top-1 %.3f after %d epoch%s is not above chance (%s), so the network learned"
                                    + " nothing (%s at learning_rate %s, %s init, %s schedule, norm %s); try more epochs"
                                    + " or training images, a lower learning_rate, or the default recipe if this is not it",
                            last.top1(), recipe.epochs(), recipe.epochs() == 1 ? "" : "s", chance, recipe.optimizer(),
                            recipe.learningRate(), recipe.init(), recipe.schedule(), recipe.norm()));
                }
                long normParams = SqueezeNetBlock.batchNormParams(architecture, recipe.norm());
                return new TrialResult(m, recipe, architecture.params(), architecture.sizeBytes(), normParams,
                        imagenet.params(), imagenet.sizeBytes(), last.top1(), last.top5(), train.size(), test.size(), List.copyOf(epochs),
                        (System.nanoTime() - started) / 1e9, (double) train.size() * recipe.epochs() / trainSeconds,
                        (double) test.size() * recipe.epochs() / evalSeconds, device.toString(), Engine.getDjlVersion(),
                        engine.getVersion());
            }
        }
    }

    /** The recipe's optimizer with its learning-rate schedule: linear warm-up from 0, then the schedule to 0. */
    static Optimizer optimizer(TrainingRecipe recipe, Tracker learningRate) {
        float weightDecay = recipe.weightDecay().floatValue();
        return switch (recipe.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(learningRate).optWeightDecays(weightDecay).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(learningRate).optMomentum(OptimizerKind.SGD_MOMENTUM)
                    .optWeightDecays(weightDecay).build();
        };
    }

    static Tracker learningRateTracker(TrainingRecipe recipe, int batchesPerEpoch) {
        float lr = recipe.learningRate().floatValue();
        int total = Math.max(1, batchesPerEpoch * recipe.epochs());
        int warmup = Math.min(total - 1, (int) Math.round(recipe.warmupEpochs() * batchesPerEpoch));
        int decay = Math.max(1, total - Math.max(0, warmup));
        Tracker main = switch (recipe.schedule()) {
            case constant -> Tracker.fixed(lr);
            case cosine -> CosineTracker.builder().setBaseValue(lr).optFinalValue(0f).setMaxUpdates(decay).build();
            case poly -> PolynomialDecayTracker.builder().setBaseValue(lr).setEndLearningRate(0f)
                    .setDecaySteps(decay).optPower(1f).build();
        };
        return warmup <= 0 ? main
                : WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warmup).optWarmUpBeginValue(0f).build();
    }

    /**
     * Rescales every gradient when their global L2 norm exceeds {@code maxNorm} (PyTorch's clip_grad_norm_), so
     * one bad batch cannot push every ReLU of a layer into the dead zone. Returns the norm before clipping.
     */
    static double clipGradientNorm(ParameterList parameters, double maxNorm) {
        List<NDArray> gradients = new ArrayList<>();
        List<NDArray> sums = new ArrayList<>();
        try {
            for (Parameter p : parameters.values()) {
                if (p.requiresGradient()) {
                    NDArray g = p.getArray().getGradient();
                    gradients.add(g);
                    try (NDArray squares = g.square()) {
                        sums.add(squares.sum());
                    }
                }
            }
            double norm;
            // one sum on the device and one read back, not a sync per parameter
            try (NDArray stacked = NDArrays.stack(new NDList(sums)); NDArray total = stacked.sum()) {
                norm = Math.sqrt(total.getFloat());
            }
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                gradients.forEach(g -> g.muli(scale));
            }
            return norm;
        } finally {
            sums.forEach(NDArray::close);
            gradients.forEach(NDArray::close);   // handles only: the parameters keep their gradients
        }
    }

    /** One pass over the training images in a fresh seeded order; returns the mean batch loss. */
    private static double trainEpoch(Trainer trainer, TrainingRecipe recipe, ImageSet train, float[] x,
                                     Preprocessing.Normalization norm, Random order, int epoch,
                                     TrainingProgress progress, BooleanSupplier cancelled) {
        InputShape input = recipe.inputSize();
        int n = train.size();
        int batch = recipe.batchSize();
        int[] permutation = permutation(n, order);
        Staging staging = new Staging(input, Math.min(n, batch * BATCHES_PER_CHUNK), norm);
        double deadLoss = Math.log(train.classes());
        double lossSum = 0;
        int batches = 0;
        boolean stuck = true;
        long start = System.nanoTime();
        for (int chunkStart = 0; chunkStart < n; chunkStart += staging.capacity) {
            int count = Math.min(staging.capacity, n - chunkStart);
            staging.fill(x, train.labels(), permutation, chunkStart, count, recipe.augment() ? order : null);
            try (NDManager chunkManager = trainer.getManager().newSubManager()) {
                NDArray images = chunkManager.create(FloatBuffer.wrap(staging.images, 0, count * staging.imageFloats),
                        new Shape(count, input.channels(), input.height(), input.width()));
                NDArray labels = chunkManager.create(FloatBuffer.wrap(staging.labels, 0, count), new Shape(count));
                for (int b = 0; b < count; b += batch) {
                    if (cancelled.getAsBoolean()) {
                        throw new TrainingCancelledException("cancelled in epoch " + epoch);
                    }
                    int end = Math.min(count, b + batch);
                    float loss;
                    try (NDManager batchManager = chunkManager.newSubManager()) {
                        NDIndex rows = new NDIndex(b + ":" + end);
                        NDArray bx = images.get(batchManager, rows);
                        NDArray by = labels.get(batchManager, rows);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(bx));
                            NDArray lossValue = trainer.getLoss().evaluate(new NDList(by), predictions);
                            collector.backward(lossValue);
                            loss = lossValue.getFloat();
                        }
                        if (recipe.clipGradNorm() > 0) {
                            clipGradientNorm(trainer.getModel().getBlock().getParameters(), recipe.clipGradNorm());
                        }
                        trainer.step();
                    }
                    if (!Float.isFinite(loss)) {
                        throw new TrainingFailedException("diverged: the training loss became " + loss + " in epoch " + epoch
                                + " (" + recipe.optimizer() + " at learning_rate " + recipe.learningRate()
                                + "); lower the learning rate or use the default recipe");
                    }
                    stuck &= Math.abs(loss - deadLoss) < 1e-4;
                    lossSum += loss;
                    batches++;
                    long done = (long) chunkStart + end;
                    progress.batch(epoch, recipe.epochs(), done, n, loss, done / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        if (stuck) {
            throw deadNetwork(recipe, train.classes(), "every batch of epoch " + epoch + " had");
        }
        return lossSum / batches;
    }

    private static TrainingFailedException deadNetwork(TrainingRecipe recipe, int classes, String when) {
        return new TrainingFailedException(String.format(java.util.Locale.ROOT,
                "dead network: %s loss ln(%d) = %.4f, so every ReLU before the pooling outputs zero and no gradient"
                        + " flows (%s at learning_rate %s, %s init, norm %s); use the default recipe (adam at 1e-3 with"
                        + " warm-up, cosine decay and batch norm after the squeeze layers) or a lower learning_rate",
                when, classes, Math.log(classes), recipe.optimizer(), recipe.learningRate(), recipe.init(), recipe.norm()));
    }

    /** Top-1 and top-5 accuracy on the test images, dropout off. */
    private static double[] evaluate(Trainer trainer, ImageSet test, float[] x, InputShape input, int batch,
                                     BooleanSupplier cancelled) {
        int n = test.size();
        int imageFloats = input.channels() * input.height() * input.width();
        int k = Math.min(TOP_K, test.classes());
        long top1 = 0;
        long topK = 0;
        int chunk = batch * BATCHES_PER_CHUNK;
        for (int chunkStart = 0; chunkStart < n; chunkStart += chunk) {
            int count = Math.min(chunk, n - chunkStart);
            try (NDManager chunkManager = trainer.getManager().newSubManager()) {
                NDArray images = chunkManager.create(FloatBuffer.wrap(x, chunkStart * imageFloats, count * imageFloats),
                        new Shape(count, input.channels(), input.height(), input.width()));
                long[] labelValues = new long[count];
                for (int i = 0; i < count; i++) {
                    labelValues[i] = test.labels()[chunkStart + i];
                }
                NDArray labels = chunkManager.create(labelValues, new Shape(count, 1));
                for (int b = 0; b < count; b += batch) {
                    if (cancelled.getAsBoolean()) {
                        throw new TrainingCancelledException("cancelled during evaluation");
                    }
                    int end = Math.min(count, b + batch);
                    try (NDManager batchManager = chunkManager.newSubManager()) {
                        NDIndex rows = new NDIndex(b + ":" + end);
                        NDArray scores = trainer.evaluate(new NDList(images.get(batchManager, rows))).singletonOrThrow();
                        NDArray truth = labels.get(batchManager, rows);
                        NDArray ranked = scores.argSort(1, false).get(":, 0:" + k);
                        NDArray hits = ranked.eq(truth);
                        top1 += hits.get(":, 0").toType(DataType.INT64, false).sum().getLong();
                        topK += hits.toType(DataType.INT64, false).sum().getLong();
                    }
                }
            }
        }
        return new double[] {(double) top1 / n, (double) topK / n};
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Resident memory of this process (Linux), so each epoch records whether memory stays flat. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: memory is simply not reported
        }
        return -1;
    }

    /** Reusable host buffers for one chunk of shuffled (and optionally augmented) training images. */
    private static final class Staging {
        final int capacity;
        final int imageFloats;
        final float[] images;
        final float[] labels;
        final InputShape input;
        /** Each channel's value for black after normalization: what augmentation shifts in at the borders. */
        final float[] black;

        Staging(InputShape input, int capacity, Preprocessing.Normalization norm) {
            this.input = input;
            this.black = new float[input.channels()];
            for (int c = 0; c < black.length; c++) {
                int n = norm.mean().length == 1 ? 0 : c;
                black[c] = -norm.mean()[n] / norm.std()[n];
            }
            this.capacity = capacity;
            this.imageFloats = input.channels() * input.height() * input.width();
            this.images = new float[capacity * imageFloats];
            this.labels = new float[capacity];
        }

        void fill(float[] x, int[] y, int[] permutation, int from, int count, Random augment) {
            for (int i = 0; i < count; i++) {
                int source = permutation[from + i];
                labels[i] = y[source];
                if (augment == null) {
                    System.arraycopy(x, source * imageFloats, images, i * imageFloats, imageFloats);
                } else {
                    Augmentation.cropAndFlip(x, source * imageFloats, images, i * imageFloats, input, black, augment);
                }
            }
        }
    }
}
