package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqueezeNetTrainerTest {

    /** A narrow design that trains in seconds on the synthetic images. */
    static final Metaparameters NARROW = new Metaparameters(32, 32, 2, 0.25, 0.5, Bypass.NONE);

    static TrainingRecipe synthetic(int train, int test, int epochs) {
        return TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(train).testSubset(test)
                .inputSize(new InputShape(3, 16, 16)).epochs(epochs).batchSize(32).seed(3L).build();
    }

    private final SqueezeNetTrainer trainer = new SqueezeNetTrainer(new Placement(2, "cpu"));

    @Test
    void reachesTheAccuracyFloorOnRealFashionMnist() {
        TrainingRecipe recipe = TrainingRecipe.builder(DatasetKind.FASHION_MNIST).trainSubset(5000).testSubset(1000)
                .stem(Stem.SMALL).epochs(2).batchSize(64).optimizer(OptimizerKind.ADAM).seed(7L).build();
        List<EpochMetrics> epochs = new ArrayList<>();
        TrialResult result = trainer.train(Metaparameters.SQUEEZENET_V1_0, recipe, new TrainingProgress() {
            @Override
            public void epoch(EpochMetrics metrics, int total) {
                epochs.add(metrics);
            }
        }, () -> false);
        assertThat(result.top1()).isGreaterThanOrEqualTo(0.60);
        assertThat(result.top5()).isGreaterThanOrEqualTo(0.90);
        assertThat(epochs).hasSize(2).isEqualTo(result.epochs());
        assertThat(epochs.get(1).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(result.trainImages()).isEqualTo(5000);
        assertThat(result.testImages()).isEqualTo(1000);
        assertThat(result.params()).isEqualTo(
                Architecture.derive(Metaparameters.SQUEEZENET_V1_0, Stem.SMALL, new InputShape(1, 32, 32), 10).params());
        assertThat(result.trainedParams()).as("counted on the DJL network, batch norm apart").isEqualTo(result.params());
        assertThat(result.imagenetParams()).isEqualTo(1_248_424);
        assertThat(result.imagenetSizeBytes()).isEqualTo(4 * 1_248_424L);
        assertThat(result.imagesPerSecond()).isPositive();
        assertThat(result.device()).isEqualTo("cpu()");
        assertThat(result.djlVersion()).isEqualTo("0.36.0");
        assertThat(result.pytorchVersion()).isEqualTo("2.7.1");
    }

    @Test
    void sameSeedAndRecipeGiveTheSameResult() {
        TrialResult a = trainer.train(NARROW, synthetic(640, 100, 3), TrainingProgress.NONE, () -> false);
        TrialResult b = trainer.train(NARROW, synthetic(640, 100, 3), TrainingProgress.NONE, () -> false);
        assertThat(b.top1()).isEqualTo(a.top1());
        assertThat(b.top5()).isEqualTo(a.top5());
        assertThat(b.epochs().get(2).trainLoss()).isEqualTo(a.epochs().get(2).trainLoss());
        TrialResult other = trainer.train(NARROW, synthetic(640, 100, 3).withSeed(4), TrainingProgress.NONE, () -> false);
        assertThat(other.epochs().get(2).trainLoss()).isNotEqualTo(a.epochs().get(2).trainLoss());
        // the synthetic classes are learnable: far above the 10% of chance
        assertThat(a.top1()).isGreaterThan(0.5);
    }

    @Test
    void memoryStaysFlatAcrossEpochs() {
        TrialResult result = trainer.train(Metaparameters.SQUEEZENET_V1_0, synthetic(640, 64, 6).withSubsets(640, 64),
                TrainingProgress.NONE, () -> false);
        long afterSecond = result.epochs().get(1).rssBytes();
        long afterLast = result.epochs().get(5).rssBytes();
        // this module's tests run on a fixed, pre-touched heap (pom.xml), so RSS growth is native memory;
        // one leaked batch of v1.0 activations per step would add ~40 MB per epoch
        assertThat(afterLast - afterSecond).as("RSS growth over epochs 3-6, bytes").isLessThan(32L << 20);
    }

    @Test
    void augmentationChangesWhatTheNetworkSees() {
        // long enough to clear the chance check, which fails a network that learned nothing
        TrainingRecipe plain = synthetic(640, 100, 3);
        TrainingRecipe augmented = TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(640).testSubset(100)
                .inputSize(new InputShape(3, 16, 16)).epochs(3).batchSize(32).seed(3L).augment(true).build();
        TrialResult with = trainer.train(NARROW, augmented, TrainingProgress.NONE, () -> false);
        TrialResult without = trainer.train(NARROW, plain, TrainingProgress.NONE, () -> false);
        assertThat(with.recipe().augment()).isTrue();
        assertThat(with.epochs().get(0).trainLoss()).isNotEqualTo(without.epochs().get(0).trainLoss());
    }

    @Test
    void stopsBetweenBatchesWhenCancelled() {
        AtomicInteger batches = new AtomicInteger();
        TrainingProgress counting = new TrainingProgress() {
            @Override
            public void batch(int epoch, int epochs, long done, long perEpoch, double loss, double rate) {
                batches.incrementAndGet();
            }
        };
        assertThatThrownBy(() -> trainer.train(NARROW, synthetic(640, 64, 3), counting, () -> batches.get() >= 3))
                .isInstanceOf(TrainingCancelledException.class).hasMessageContaining("epoch 1");
        assertThat(batches.get()).isEqualTo(3);
    }

    @Test
    void failsAtOnceWhenSgdKillsTheNetwork() {
        TrainingRecipe tooHot = synthetic(320, 64, 2).withOptimizer(OptimizerKind.SGD, 5.0);
        assertThatThrownBy(() -> trainer.train(NARROW, tooHot, TrainingProgress.NONE, () -> false))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageMatching("(?s).*(dead network|diverged|at chance).*learning.rate.*");
    }

    @Test
    void refusesARecipeOutsideItsRanges() {
        assertThatThrownBy(() -> synthetic(10, 10, 0)).hasMessage("epochs: must be an integer in [1, 1000], got 0");
        assertThatThrownBy(() -> synthetic(10, 10, 1).withOptimizer(OptimizerKind.SGD, Double.NaN))
                .hasMessageStartingWith("learning_rate:");
        assertThatThrownBy(() -> TrainingRecipe.of(DatasetKind.FOLDER)).hasMessageStartingWith("data_dir: is required");
        // a subset larger than the split is refused with the recipe, before any trial could start
        assertThatThrownBy(() -> synthetic(10_000, 10, 1))
                .hasMessage("train_subset: must be at most 2,000: synthetic has 2,000 training images, got 10,000");
        assertThatThrownBy(() -> Devices.resolve("gpu:1", 0)).hasMessageContaining("DJL sees 0 GPU(s)");
        assertThat(Devices.resolve("auto", 0).toString()).isEqualTo("cpu()");
        assertThat(Devices.resolve("auto", 2).toString()).isEqualTo("gpu(0)");
    }

    @Test
    void defaultsFollowTheDatasetAndOptimizer() {
        TrainingRecipe fashion = TrainingRecipe.of(DatasetKind.FASHION_MNIST);
        assertThat(fashion.inputSize()).isEqualTo(new InputShape(1, 32, 32));
        assertThat(fashion.stem()).isEqualTo(Stem.SMALL);
        assertThat(fashion.learningRate()).isEqualTo(1e-3);
        assertThat(fashion.init()).isEqualTo(TrainingRecipe.Initialization.djl);
        TrainingRecipe sgd = fashion.withOptimizer(OptimizerKind.SGD, null);
        assertThat(sgd.learningRate()).isEqualTo(0.04);
        assertThat(TrainingRecipe.builder(DatasetKind.CIFAR10).inputSize(new InputShape(3, 227, 227))
                .optimizer(OptimizerKind.SGD).build().stem()).isEqualTo(Stem.PAPER);
    }
}
