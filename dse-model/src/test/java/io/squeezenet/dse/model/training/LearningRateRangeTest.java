package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateRangeTest {

    @Test
    void suggestsWhereTheLossFallsFastestAgainstLogRate() {
        // loss(lr) = 2 - tanh(log10(lr) + 3): falls fastest at 1e-3, flat far below and above
        List<LearningRateRange.Step> steps = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            double lr = Math.pow(10, -6 + i * 0.1);
            double loss = 2 - Math.tanh(Math.log10(lr) + 3);
            steps.add(new LearningRateRange.Step(i, lr, loss, loss));
        }
        LearningRateRange range = LearningRateRange.of(steps);
        assertThat(Math.log10(range.suggestion())).isBetween(-3.15, -2.95);
        assertThat(range.lowestLossAt()).isGreaterThan(1e-1);
    }

    @Test
    void noSuggestionWhenTheLossNeverFalls() {
        List<LearningRateRange.Step> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(new LearningRateRange.Step(i, Math.pow(10, -6 + i * 0.3), 2.0 + i, 2.0 + i));
        }
        assertThat(LearningRateRange.of(steps).suggestion()).isNull();
    }

    @Test
    void theRecorderStopsOnceTheLossBlowsUp() {
        LearningRateRange.Recorder recorder = new LearningRateRange.Recorder(1e-4, 1, 100, TrainingProgress.NONE);
        for (int i = 0; i < 20; i++) {
            recorder.batch(1, 1, i, 100, 1.0, 100);
        }
        assertThat(recorder.done()).isFalse();
        for (int i = 0; i < 200 && !recorder.done(); i++) {
            recorder.batch(1, 1, i, 100, 1e3, 100);
        }
        assertThat(recorder.done()).isTrue();
        assertThat(recorder.result().steps().size()).isLessThan(100);
    }
}
