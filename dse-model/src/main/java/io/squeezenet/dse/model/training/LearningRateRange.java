package io.squeezenet.dse.model.training;

import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidRecipeException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a learning-rate range test saw: the loss of each batch at its rate, smoothed as fastai does (an exponential
 * moving average with bias correction), and the rate it suggests: where the smoothed loss falls fastest against
 * log(rate), the steepest-descent rule of fastai and PyTorch Lightning.
 *
 * @param suggestion    the steepest-descent rate; null when the loss never fell
 * @param lowestLossAt  the rate of the lowest smoothed loss (a tenth of it is the other common rule of thumb)
 */
public record LearningRateRange(@JsonProperty("steps") List<Step> steps, @JsonProperty("suggestion") Double suggestion,
                                @JsonProperty("lowest_loss_at") Double lowestLossAt) {

    /** The range test scores nothing; a handful of test images keeps its per-epoch evaluation cheap. */
    static final int TEST_IMAGES = 100;
    static final double SMOOTHING = 0.98;
    /** Stop once the smoothed loss is this many times its best: the rates past it only diverge. */
    static final double BLOW_UP = 4.0;

    public record Step(@JsonProperty("step") int step, @JsonProperty("learning_rate") double learningRate,
                       @JsonProperty("loss") double loss, @JsonProperty("smoothed_loss") double smoothedLoss) {
    }

    /** Feeds the range test its rate per step and records each batch's loss. */
    static final class Recorder implements TrainingProgress {
        private final double minRate;
        private final double maxRate;
        private final int steps;
        private final TrainingProgress progress;
        private final List<Step> recorded = new ArrayList<>();
        private double average;
        private double best = Double.POSITIVE_INFINITY;
        private boolean blownUp;

        Recorder(double minRate, double maxRate, int steps, TrainingProgress progress) {
            if (!(minRate > 0) || !(maxRate > minRate) || steps < 2) {
                throw new InvalidRecipeException("min_lr",
                        "needs 0 < min_lr < max_lr and at least 2 steps, got " + minRate + ", " + maxRate + ", " + steps);
            }
            this.minRate = minRate;
            this.maxRate = maxRate;
            this.steps = steps;
            this.progress = progress;
        }

        double rate(int step) {
            return minRate * Math.pow(maxRate / minRate, (double) Math.min(step, steps - 1) / (steps - 1));
        }

        Tracker tracker() {
            return n -> (float) rate(n);
        }

        boolean done() {
            return blownUp || recorded.size() >= steps;
        }

        @Override
        public void batch(int epoch, int epochs, long done, long perEpoch, double loss, double imagesPerSecond) {
            int step = recorded.size();
            average = SMOOTHING * average + (1 - SMOOTHING) * loss;
            double smoothed = average / (1 - Math.pow(SMOOTHING, step + 1));
            recorded.add(new Step(step, rate(step), loss, smoothed));
            best = Math.min(best, smoothed);
            blownUp = !Double.isFinite(smoothed) || step > 0 && smoothed > BLOW_UP * best;
            progress.batch(1, 1, recorded.size(), steps, loss, imagesPerSecond);
        }

        LearningRateRange result() {
            return LearningRateRange.of(recorded);
        }
    }

    /** The suggestion from recorded steps: the steepest fall of the smoothed loss per unit of log(rate). */
    static LearningRateRange of(List<Step> steps) {
        Double steepest = null;
        double mostNegative = 0;
        Step lowest = null;
        // skip the first steps, where the moving average still settles, as fastai does
        for (int i = Math.min(steps.size() - 1, 5); i + 1 < steps.size(); i++) {
            Step a = steps.get(i);
            Step b = steps.get(i + 1);
            double slope = (b.smoothedLoss() - a.smoothedLoss()) / (Math.log(b.learningRate()) - Math.log(a.learningRate()));
            if (Double.isFinite(slope) && slope < mostNegative) {
                mostNegative = slope;
                steepest = a.learningRate();
            }
            if (lowest == null || a.smoothedLoss() < lowest.smoothedLoss()) {
                lowest = a;
            }
        }
        return new LearningRateRange(List.copyOf(steps), steepest, lowest == null ? null : lowest.learningRate());
    }
}
