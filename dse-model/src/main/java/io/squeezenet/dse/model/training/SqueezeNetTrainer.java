package io.squeezenet.dse.model.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.ImageSet;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.network.SqueezeNetBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains and evaluates one variant: the unit of work of a trial. It builds the network and runs the epochs; the
 * parts are {@link TrainingData} (loading, subsets, staging), {@link StepLoop} (optimizer, schedule, the steps of an
 * epoch) and {@link Evaluation} (top-1/top-5). It decides when a run has failed: dead, or ended at chance.
 */
public final class SqueezeNetTrainer {

    private final Placement placement;

    /** On every core and the first GPU if there is one. */
    public SqueezeNetTrainer() {
        this(Placement.AUTO);
    }

    /** Where its runs go: the recipe says what to train, the placement where. */
    public SqueezeNetTrainer(Placement placement) {
        this.placement = java.util.Objects.requireNonNull(placement, "placement");
    }

    /** Loads the recipe's dataset and subsets, then trains. */
    public TrialResult train(Metaparameters m, TrainingRecipe recipe, TrainingProgress progress, BooleanSupplier cancelled) {
        return train(m, recipe, progress, cancelled, null);
    }

    /** Also writes the trained network to {@code weights} (a {@link TrainedNetwork} file) when it is not null. */
    public TrialResult train(Metaparameters m, TrainingRecipe recipe, TrainingProgress progress, BooleanSupplier cancelled,
                             Path weights) {
        return train(m, recipe, TrainingData.load(recipe, null), progress, cancelled, null, weights);
    }

    public TrialResult train(Metaparameters m, TrainingRecipe recipe, Split data, TrainingProgress progress,
                             BooleanSupplier cancelled) {
        return train(m, recipe, data, progress, cancelled, null, null);
    }

    /** On data the caller loaded (and may use again), writing the trained network to {@code weights} when not null. */
    public TrialResult train(Metaparameters m, TrainingRecipe recipe, Split data, TrainingProgress progress,
                             BooleanSupplier cancelled, Path weights) {
        return train(m, recipe, data, progress, cancelled, null, weights);
    }

    /**
     * A learning-rate range test (Smith 2015, as fastai's lr_find and Lightning's lr_finder): {@code steps} batches
     * with the rate growing exponentially from {@code minRate} to {@code maxRate}, stopped early once the smoothed
     * loss passes four times its best. The recipe's other fields (optimizer, init, norm, data) apply.
     */
    public LearningRateRange findLearningRate(Metaparameters m, TrainingRecipe recipe, double minRate, double maxRate,
                                              int steps, TrainingProgress progress) {
        Split data = TrainingData.load(recipe, LearningRateRange.TEST_IMAGES);
        int batchesPerEpoch = (data.train().size() + recipe.batchSize() - 1) / recipe.batchSize();
        TrainingRecipe run = recipe.withEpochs((steps + batchesPerEpoch - 1) / batchesPerEpoch);
        LearningRateRange.Recorder recorder = new LearningRateRange.Recorder(minRate, maxRate, steps, progress);
        try {
            train(m, run, data, recorder, recorder::done, recorder.tracker(), null);
        } catch (TrainingCancelledException | TrainingFailedException stopped) {
            // the range test ends by stopping the run: enough steps, or the loss blew up
        }
        return recorder.result();
    }

    private TrialResult train(Metaparameters m, TrainingRecipe recipe, Split data, TrainingProgress progress,
                              BooleanSupplier cancelled, Tracker learningRate, Path weights) {
        long started = System.nanoTime();
        InputShape input = recipe.inputSize();
        ImageSet train = data.train();
        ImageSet test = data.test();
        Architecture architecture = Architecture.derive(m, recipe.stem(), input, train.classes());
        Architecture imagenet = Architecture.imagenet(m);
        TrainingData staged = TrainingData.stage(data, input);

        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) (recipe.seed() ^ (recipe.seed() >>> 32)));
        JniUtils.setNumThreads(placement.effectiveThreads());
        Device device = Devices.resolve(placement.device());
        int batch = recipe.batchSize();
        int batchesPerEpoch = (train.size() + batch - 1) / batch;

        try (Model model = Model.newInstance("squeezenet", device, "PyTorch")) {
            SequentialBlock network = SqueezeNetBlock.build(architecture, recipe.norm());
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(StepLoop.optimizer(recipe, learningRate != null ? learningRate
                            : StepLoop.learningRateTracker(recipe, batchesPerEpoch)))
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
                    double loss = StepLoop.trainEpoch(trainer, recipe, staged, order, epoch, progress, cancelled);
                    double epochTrain = (System.nanoTime() - epochStart) / 1e9;
                    long evalStart = System.nanoTime();
                    Evaluation.TopK topK = Evaluation.topK(trainer.getManager(), trainer::evaluate, test, staged.testX(),
                            input, batch, cancelled);
                    double epochEval = (System.nanoTime() - evalStart) / 1e9;
                    trainSeconds += epochTrain;
                    evalSeconds += epochEval;
                    // a network that learned nothing: mean loss at ln(classes) and chance accuracy on the test set,
                    // after a second epoch so a slow start is not mistaken for death
                    if (epoch >= 2 && Math.abs(loss - Math.log(train.classes())) < 1e-3
                            && topK.top1() <= 1.5 / train.classes()) {
                        throw StepLoop.deadNetwork(recipe, train.classes(), "epoch " + epoch + " ended at chance accuracy with");
                    }
                    EpochMetrics metrics = new EpochMetrics(epoch, loss, train.size() / epochTrain, topK.top1(), topK.top5(),
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
                if (weights != null) {
                    TrainedNetwork.save(model, m, recipe, train.classes(), staged.norm(), weights);
                }
                long normParams = SqueezeNetBlock.batchNormParams(architecture, recipe.norm());
                long trained = network.getParameters().values().stream().filter(p -> p.requiresGradient())
                        .mapToLong(p -> p.getArray().getShape().size()).sum() - normParams;
                return new TrialResult(m, recipe, architecture.params(), architecture.sizeBytes(), normParams, trained,
                        imagenet.params(), imagenet.sizeBytes(), last.top1(), last.top5(), train.size(), test.size(), List.copyOf(epochs),
                        (System.nanoTime() - started) / 1e9, (double) train.size() * recipe.epochs() / trainSeconds,
                        (double) test.size() * recipe.epochs() / evalSeconds, device.toString(), placement.effectiveThreads(),
                        Engine.getDjlVersion(),
                        engine.getVersion());
            }
        }
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
}
