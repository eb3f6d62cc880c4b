package io.squeezenet.dse.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.dataset.ImageSet;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The step loop: the recipe's optimizer and learning-rate schedule, and one epoch of forward, backward and update
 * steps over the staged images. Every batch runs in its own NDManager, so native memory stays flat across epochs;
 * a diverged or dead network stops the run with the reason.
 */
final class StepLoop {

    private StepLoop() {
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
    static double trainEpoch(Trainer trainer, TrainingRecipe recipe, TrainingData data, Random order, int epoch,
                             TrainingProgress progress, BooleanSupplier cancelled) {
        return trainEpoch(trainer, recipe, data, order, epoch, progress, cancelled, () -> { });
    }

    /** {@code afterStep} runs after every update: a compressed network's fine-tune projects its weights back there. */
    static double trainEpoch(Trainer trainer, TrainingRecipe recipe, TrainingData data, Random order, int epoch,
                             TrainingProgress progress, BooleanSupplier cancelled, Runnable afterStep) {
        InputShape input = recipe.inputSize();
        ImageSet train = data.train();
        int n = train.size();
        int batch = recipe.batchSize();
        int[] permutation = TrainingData.permutation(n, order);
        TrainingData.Chunk staging = new TrainingData.Chunk(input, Math.min(n, batch * TrainingData.BATCHES_PER_CHUNK),
                data.norm());
        double deadLoss = Math.log(train.classes());
        double lossSum = 0;
        int batches = 0;
        boolean stuck = true;
        long start = System.nanoTime();
        for (int chunkStart = 0; chunkStart < n; chunkStart += staging.capacity) {
            int count = Math.min(staging.capacity, n - chunkStart);
            staging.fill(data.trainX(), train.labels(), permutation, chunkStart, count, recipe.augment() ? order : null);
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
                        afterStep.run();
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

    static TrainingFailedException deadNetwork(TrainingRecipe recipe, int classes, String when) {
        return new TrainingFailedException(String.format(java.util.Locale.ROOT,
                "dead network: %s loss ln(%d) = %.4f, so every ReLU before the pooling outputs zero and no gradient"
                        + " flows (%s at learning_rate %s, %s init, norm %s); use the default recipe (adam at 1e-3 with"
                        + " warm-up, cosine decay and batch norm after the squeeze layers) or a lower learning_rate",
                when, classes, Math.log(classes), recipe.optimizer(), recipe.learningRate(), recipe.init(), recipe.norm()));
    }
}
