package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sweep reduced to what its figure shows: one point per design (its seeds aggregated), the axis the sweep varies,
 * and the paper's published points where the sweep is one of the paper's studies. Accuracies are fractions.
 *
 * @param x        the metaparameter the sweep varies, or {@code size_mib} when it varies several
 * @param complete false while trials are queued or running: the summary covers the finished ones
 * @param study    {@code figure3a}, {@code figure3b} or {@code table3} when the sweep's designs are that study's
 * @param setup    dataset, subsets, epochs and seeds in words, for titles
 * @param compute  the epochs its done trials cost against a full grid of them
 */
public record SweepSummary(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("name") String name,
        @JsonProperty("metric") Metric metric,
        @JsonProperty("x") Axis x,
        @JsonProperty("x_values") List<Object> xValues,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("study") String study,
        @JsonProperty("setup") String setup,
        @JsonProperty("points") List<Point> points,
        @JsonProperty("paper") List<PaperPoint> paper,
        @JsonProperty("compute") Compute compute) {

    /**
     * One design over its seeds. Means and sample standard deviations over the {@code n} seeds that succeeded
     * (std null when n < 2); {@code pareto}: no other point is both smaller and at least as accurate. Its
     * {@code pruned} trials were stopped early by the sweep's pruner: they are in none of its means, only in
     * {@code pruned_trials}.
     */
    public record Point(
            @JsonProperty("metaparameters") Metaparameters metaparameters,
            @JsonProperty("x") Object x,
            @JsonProperty("params") long params,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("size_mib") double sizeMib,
            @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
            @JsonProperty("imagenet_size_mib") double imagenetSizeMib,
            @JsonProperty("n") int n,
            @JsonProperty("failed") int failed,
            @JsonProperty("pruned") int pruned,
            @JsonProperty("top1_mean") Double top1Mean,
            @JsonProperty("top1_std") Double top1Std,
            @JsonProperty("top5_mean") Double top5Mean,
            @JsonProperty("top5_std") Double top5Std,
            @JsonProperty("pareto") boolean pareto,
            @JsonProperty("trial_ids") List<Long> trialIds,
            @JsonProperty("pruned_trials") List<PrunedTrial> prunedTrials) {

        public Point {
            // null from a lenient reader of a summary written before pruning
            prunedTrials = prunedTrials == null ? List.of() : List.copyOf(prunedTrials);
        }

        Point withPareto(boolean onFront) {
            return new Point(metaparameters, x, params, sizeBytes, sizeMib, imagenetSizeBytes, imagenetSizeMib, n, failed,
                    pruned, top1Mean, top1Std, top5Mean, top5Std, onFront, trialIds, prunedTrials);
        }

        public Double mean(Metric metric) {
            return metric == Metric.top1 ? top1Mean : top5Mean;
        }

        public Double std(Metric metric) {
            return metric == Metric.top1 ? top1Std : top5Std;
        }
    }

    /** A trial its sweep's pruner stopped, with its accuracy at the epoch it was stopped at. */
    public record PrunedTrial(
            @JsonProperty("trial_id") long trialId,
            @JsonProperty("seed") long seed,
            @JsonProperty("pruned_at_epoch") int prunedAtEpoch,
            @JsonProperty("top1") Double top1,
            @JsonProperty("top5") Double top5) {

        public Double value(Metric metric) {
            return metric == Metric.top1 ? top1 : top5;
        }
    }

    /**
     * What the sweep's done trials (succeeded or pruned) cost in epochs, against a full grid of the same trials each
     * trained for the recipe's epochs: a trained one its epochs, a pruned one its {@code pruned_at_epoch}, a reused
     * result none ({@code epochs_reused} counts what it stood for). Failed, cancelled and unfinished trials are left out
     * of both sides. {@code saved} = 1 - trained / full, null before any trial is done.
     *
     * @param prunedAtEpoch how many trials were stopped at each epoch
     */
    public record Compute(
            @JsonProperty("trials") int trials,
            @JsonProperty("pruned") int pruned,
            @JsonProperty("pruned_at_epoch") SortedMap<Integer, Integer> prunedAtEpoch,
            @JsonProperty("reused") int reused,
            @JsonProperty("epochs_trained") long epochsTrained,
            @JsonProperty("epochs_reused") long epochsReused,
            @JsonProperty("epochs_full") long epochsFull,
            @JsonProperty("saved") Double saved) {

        public Compute {
            prunedAtEpoch = Collections.unmodifiableSortedMap(new TreeMap<>(prunedAtEpoch));
        }

        /** {@code 33 of 45 epochs trained, 26.7% saved: 5 of 15 trials pruned (3 at epoch 1, 2 at epoch 2), 0 reused}. */
        public String line() {
            StringBuilder at = new StringBuilder();
            prunedAtEpoch.forEach((epoch, count) -> at.append(at.isEmpty() ? " (" : ", ").append(count)
                    .append(" at epoch ").append(epoch));
            return String.format(Locale.ROOT, "%,d of %,d epochs trained, %s saved: %d of %d trials pruned%s, %d reused",
                    epochsTrained, epochsFull, saved == null ? "-" : String.format(Locale.ROOT, "%.1f%%", saved * 100),
                    pruned, trials, at.isEmpty() ? "" : at.append(')'), reused);
        }
    }

    /** A published point (ImageNet, fractions): Figure 3 gives top-5 only; Table 3 both. */
    public record PaperPoint(
            @JsonProperty("x") Object x,
            @JsonProperty("size_mb") double sizeMb,
            @JsonProperty("top1") Double top1,
            @JsonProperty("top5") Double top5,
            @JsonProperty("exact") boolean exact) {

        public Double value(Metric metric) {
            return metric == Metric.top1 ? top1 : top5;
        }
    }
}
