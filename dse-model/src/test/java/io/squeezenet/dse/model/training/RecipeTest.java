package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.dataset.ImageSet;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.dataset.SyntheticImages;
import io.squeezenet.dse.model.network.Norm;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The named recipes, their schedule, the recording of every field, and the chance check at the end of training. */
class RecipeTest {

    private final SqueezeNetTrainer trainer = new SqueezeNetTrainer(new Placement(2, "cpu"));

    private static TrainingRecipe recipe(NamedRecipe name, Schedule schedule, Double warmup, Double clip, Double decay,
                                         Norm norm, OptimizerKind optimizer, Double lr) {
        return TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(320).testSubset(64).inputSize(new InputShape(3, 16, 16))
                .epochs(2).batchSize(32).optimizer(optimizer).learningRate(lr).seed(3L).recipe(name).schedule(schedule)
                .warmupEpochs(warmup).clipGradNorm(clip).weightDecay(decay).norm(norm).build();
    }

    @Test
    void theDefaultRecipeIsAdamWithWarmUpCosineAndBatchNorm() {
        TrainingRecipe r = TrainingRecipe.of(DatasetKind.FASHION_MNIST);
        assertThat(r.recipe()).isEqualTo(NamedRecipe.DEFAULT);
        assertThat(r.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(r.learningRate()).isEqualTo(1e-3);
        assertThat(r.schedule()).isEqualTo(Schedule.cosine);
        assertThat(r.warmupEpochs()).isEqualTo(0.5);
        assertThat(r.norm()).isEqualTo(Norm.squeeze);
        assertThat(r.weightDecay()).isZero();
        assertThat(r.clipGradNorm()).isZero();
    }

    @Test
    void thePaperRecipeIsItsSolverWithTheLearningRateScaledToTheBatch() {
        TrainingRecipe paper = recipe(NamedRecipe.PAPER, null, null, null, null, null, null, null);
        assertThat(paper.optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(paper.learningRate()).isCloseTo(0.04 * 32 / 512, within(1e-15));
        assertThat(paper.schedule()).isEqualTo(Schedule.poly);
        assertThat(paper.warmupEpochs()).isZero();
        assertThat(paper.weightDecay()).isEqualTo(2e-4, within(1e-9));
        assertThat(paper.init()).isEqualTo(TrainingRecipe.Initialization.paper);
        assertThat(paper.norm()).isEqualTo(Norm.none);
        // naming sgd alone still means the paper's solver; an explicit field wins over the name's value
        assertThat(recipe(null, null, null, null, null, null, OptimizerKind.SGD, null).recipe()).isEqualTo(NamedRecipe.PAPER);
        assertThat(recipe(NamedRecipe.PAPER, Schedule.cosine, null, null, null, Norm.batch, null, 0.01).schedule())
                .isEqualTo(Schedule.cosine);
    }

    @Test
    void warmUpRisesLinearlyFromZeroThenTheScheduleDecaysToZero() {
        TrainingRecipe r = recipe(null, Schedule.cosine, 1.0, null, null, null, null, 0.002);
        Tracker lr = StepLoop.learningRateTracker(r, 10);   // 2 epochs of 10 batches, 10 of warm-up
        assertThat(lr.getNewValue(0)).isZero();
        assertThat(lr.getNewValue(5)).isCloseTo(0.001f, within(1e-7f));
        assertThat(lr.getNewValue(10)).isCloseTo(0.002f, within(1e-7f));
        assertThat(lr.getNewValue(15)).isCloseTo(0.001f, within(1e-6f));
        assertThat(lr.getNewValue(20)).isCloseTo(0f, within(1e-7f));
        Tracker poly = StepLoop.learningRateTracker(recipe(NamedRecipe.PAPER, null, null, null, null, null, null, 0.04), 10);
        assertThat(poly.getNewValue(0)).isEqualTo(0.04f);
        assertThat(poly.getNewValue(10)).isCloseTo(0.02f, within(1e-6f));
    }

    @Test
    void everyRecipeFieldIsRecordedInTheResult() {
        TrainingRecipe r = recipe(NamedRecipe.DEFAULT, Schedule.poly, 0.25, 1.0, 1e-4, Norm.batch, OptimizerKind.ADAM, 2e-3);
        TrialResult result = trainer.train(SqueezeNetTrainerTest.NARROW, r, TrainingProgress.NONE, () -> false);
        assertThat(result.recipe()).isEqualTo(r);
        assertThat(result.normParams()).isPositive();
        String json = JsonMapper.builder().build().writeValueAsString(result);
        assertThat(json).contains("\"recipe\":\"default\"", "\"schedule\":\"poly\"", "\"warmup_epochs\":0.25",
                "\"clip_grad_norm\":1.0", "\"weight_decay\":1.0E-4", "\"norm\":\"batch\"", "\"learning_rate\":0.002",
                "\"norm_params\":" + result.normParams());
        // the paper's exact size is reported apart from what batch norm adds
        TrialResult plain = trainer.train(SqueezeNetTrainerTest.NARROW,
                recipe(NamedRecipe.DEFAULT, null, null, null, null, Norm.none, null, null), TrainingProgress.NONE, () -> false);
        assertThat(plain.params()).isEqualTo(result.params());
        assertThat(plain.normParams()).isZero();
    }

    @Test
    void aNetworkForcedToDeathByAdamAtLearningRateOneFails() {
        TrainingRecipe hot = recipe(null, Schedule.constant, 0.0, null, null, null, OptimizerKind.ADAM, 1.0);
        assertThatThrownBy(() -> trainer.train(SqueezeNetTrainerTest.NARROW, hot, TrainingProgress.NONE, () -> false))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageMatching("(?s)(dead network|at chance|diverged).*learning.rate 1\\.0.*");
    }

    @Test
    void aResultAtChanceFailsEvenWhenTheLossMoved() {
        // learnable training images, but test labels shuffled: whatever the network learned, its top-1 is chance
        Split data = SyntheticImages.generate(new InputShape(3, 16, 16), 10, 320, 640);
        ImageSet test = data.test();
        int[] shuffled = test.labels().clone();
        Random random = new Random(11);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        Split scrambled = new Split(data.train(), new ImageSet(test.name(), test.channels(), test.height(), test.width(),
                test.classes(), test.pixels(), shuffled));
        TrainingRecipe r = recipe(null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> trainer.train(SqueezeNetTrainerTest.NARROW, r, scrambled, TrainingProgress.NONE, () -> false))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith("at chance: top-1 0.")
                .hasMessageContaining("on 640 test images");
        // the same training scored on the true labels succeeds
        TrialResult honest = trainer.train(SqueezeNetTrainerTest.NARROW, r, data, TrainingProgress.NONE, () -> false);
        assertThat(honest.top1()).isGreaterThan(ChanceLevel.of(test).threshold());
    }

    @Test
    void refusesRecipeFieldsOutOfRange() {
        assertThatThrownBy(() -> recipe(null, null, -1.0, null, null, null, null, null)).hasMessageStartingWith("warmup_epochs:");
        assertThatThrownBy(() -> recipe(null, null, null, Double.NaN, null, null, null, null)).hasMessageStartingWith("clip_grad_norm:");
        assertThatThrownBy(() -> recipe(null, null, null, null, 2.0, null, null, null)).hasMessageStartingWith("weight_decay:");
        assertThatThrownBy(() -> NamedRecipe.parse("fast")).hasMessage("recipe: must be one of [default, paper], got 'fast'");
    }
}
