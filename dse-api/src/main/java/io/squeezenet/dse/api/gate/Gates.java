package io.squeezenet.dse.api.gate;

import io.squeezenet.dse.api.report.Axis;
import io.squeezenet.dse.api.report.Metric;
import io.squeezenet.dse.api.report.Summaries;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import io.squeezenet.dse.api.report.SweepSummary;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.training.ChanceLevel;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The gates a finished sweep is judged by, in the order a CI job reads them: every trial succeeded, every network
 * had the exact size of its design, every design learned (above chance), the floors, the paper's Figure 3 direction,
 * and no regression against the last passing run of the same preset and training.
 */
@Component
public class Gates {

    private final Summaries summaries;

    public Gates(Summaries summaries) {
        this.summaries = summaries;
    }

    /**
     * {@code baseline}: the last passing sweep of the same preset, training and designs, and its trials, or null.
     * The request must be {@link GateRequest#validated()}.
     */
    public GateReport evaluate(Sweep sweep, List<Trial> trials, GateRequest request, Sweep baseline,
                               List<Trial> baselineTrials) {
        SweepSummary summary = summaries.of(sweep, trials, Metric.top1);
        TrainingRecipe recipe = SweepTraining.read(sweep.getTraining()).recipe();
        int classes = recipe.dataset().classes(recipe.dataDir() == null ? null : Path.of(recipe.dataDir()));
        // each stored result read once, for the gates that look inside it
        Map<Trial, TrialResult> results = new java.util.LinkedHashMap<>();
        trials.stream().filter(t -> t.getResult() != null).forEach(t -> results.put(t, TrialResult.read(t.getResult())));
        List<GateReport.Gate> gates = new ArrayList<>();
        gates.add(succeeded(trials));
        gates.add(exactSize(results, recipe, classes));
        gates.add(aboveChance(summary, results.values(), classes));
        if (request.minTop1() != null) {
            gates.add(floor("min-top1", summary, Point::top1Mean, request.minTop1()));
        }
        if (request.minTop5() != null) {
            gates.add(floor("min-top5", summary, Point::top5Mean, request.minTop5()));
        }
        if (summary.x() == Axis.sr || summary.x() == Axis.pct_3x3) {
            gates.add(trend(summary, request.trendTolerance()));
        }
        if (request.baseline() == GateRequest.Baseline.LAST_PASSING) {
            gates.add(regression(summary, baseline == null ? null : summaries.of(baseline, baselineTrials, Metric.top1),
                    request.maxDrop()));
        }
        return new GateReport(gates.stream().allMatch(GateReport.Gate::passed), gates,
                baseline == null ? null : baseline.getId(), request, OffsetDateTime.now());
    }

    static GateReport.Gate succeeded(List<Trial> trials) {
        // a trial the sweep's pruner stopped ended as planned
        List<Trial> not = trials.stream().filter(t -> !t.getStatus().done()).toList();
        if (not.isEmpty()) {
            long pruned = trials.stream().filter(t -> t.getStatus() == TrialStatus.PRUNED).count();
            return new GateReport.Gate("succeeded", true, "all " + trials.size() + " trials succeeded"
                    + (pruned == 0 ? "" : " (" + pruned + " stopped early by the sweep's pruner)"));
        }
        return new GateReport.Gate("succeeded", false, not.size() + " of " + trials.size() + " trials did not succeed: "
                + not.stream().limit(3).map(t -> "trial " + t.getId() + " " + t.getStatus()
                        + (t.getError() == null ? "" : " (" + t.getError().lines().findFirst().orElse("") + ")"))
                .collect(Collectors.joining("; ")) + (not.size() > 3 ? "; ..." : ""));
    }

    /**
     * The network each worker trained, counted on the DJL model, has its design's exact size from the layer table,
     * which is also the size planned when the sweep was submitted.
     */
    static GateReport.Gate exactSize(Map<Trial, TrialResult> results, TrainingRecipe recipe, int classes) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Trial, TrialResult> e : results.entrySet()) {
            Trial t = e.getKey();
            long exact = Architecture.derive(t.getMetaparameters(), recipe.stem(), recipe.inputSize(), classes).params();
            TrialResult r = e.getValue();
            long trained = r.trainedParams() != 0 ? r.trainedParams() : r.params();   // a result from before it was counted
            if (trained != exact || t.getParams() != exact) {
                wrong.add(String.format(Locale.ROOT, "trial %d (%s): trained %,d, planned %,d, exact %,d", t.getId(),
                        t.getMetaparameters(), trained, t.getParams(), exact));
            }
        }
        return wrong.isEmpty()
                ? new GateReport.Gate("exact-size", true, results.size() + " trained networks have their design's exact size")
                : new GateReport.Gate("exact-size", false, String.join("; ", wrong));
    }

    /** A design whose mean top-1 is at chance learned nothing: 1/classes plus two standard errors at the test size. */
    static GateReport.Gate aboveChance(SweepSummary summary, java.util.Collection<TrialResult> results, int classes) {
        int testImages = results.stream().mapToInt(TrialResult::testImages).min().orElse(0);
        if (testImages == 0) {
            return new GateReport.Gate("above-chance", false, "no trial has a result to judge");
        }
        ChanceLevel chance = new ChanceLevel(1.0 / classes, testImages);
        List<String> dead = judged(summary).stream()
                .filter(p -> p.top1Mean() == null || chance.reachedBy(p.top1Mean()))
                .map(p -> String.format(Locale.ROOT, "%s: top-1 %s", p.metaparameters(), percent(p.top1Mean())))
                .toList();
        return dead.isEmpty()
                ? new GateReport.Gate("above-chance", true, "every design is above chance (" + chance + ")"
                        + prunedApart(summary))
                : new GateReport.Gate("above-chance", false, "at chance (" + chance + "): " + String.join("; ", dead));
    }

    /**
     * The designs the gates judge: those with a trial trained to the end. A design whose every trial a pruner stopped
     * was judged by the pruner against its peers; its accuracy when stopped is not a result.
     */
    private static List<Point> judged(SweepSummary summary) {
        return summary.points().stream().filter(p -> p.n() > 0 || p.pruned() == 0).toList();
    }

    private static String prunedApart(SweepSummary summary) {
        long pruned = summary.points().stream().filter(p -> p.n() == 0 && p.pruned() > 0).count();
        return pruned == 0 ? "" : "; " + pruned + " design" + (pruned == 1 ? "" : "s") + " stopped early by the pruner, not judged";
    }

    static GateReport.Gate floor(String name, SweepSummary summary, Function<Point, Double> mean, double floor) {
        List<String> under = judged(summary).stream().filter(p -> mean.apply(p) == null || mean.apply(p) < floor)
                .map(p -> p.metaparameters() + ": " + percent(mean.apply(p))).toList();
        return under.isEmpty()
                ? new GateReport.Gate(name, true, "every design's mean is at least " + percent(floor) + prunedApart(summary))
                : new GateReport.Gate(name, false, "under " + percent(floor) + ": " + String.join("; ", under));
    }

    /** Figure 3's direction: more squeeze (or more 3x3 filters) is not worse than the least, within a tolerance. */
    static GateReport.Gate trend(SweepSummary summary, double tolerance) {
        List<Point> measured = summary.points().stream().filter(p -> p.top1Mean() != null)
                .sorted(Comparator.comparingDouble(p -> ((Number) p.x()).doubleValue())).toList();
        if (measured.size() < 2) {
            return new GateReport.Gate("trend", false, "needs two settings of " + summary.x() + " with results");
        }
        Point smallest = measured.get(0);
        Point largest = measured.get(measured.size() - 1);
        double drop = smallest.top1Mean() - largest.top1Mean();
        String detail = String.format(Locale.ROOT, "%s=%s: top-1 %s; %s=%s: %s (tolerance %s)", summary.x(), smallest.x(),
                percent(smallest.top1Mean()), summary.x(), largest.x(), percent(largest.top1Mean()), points(tolerance));
        return new GateReport.Gate("trend", drop <= tolerance, detail);
    }

    /** No design's mean top-1 dropped more than {@code maxDrop} (or 3 std with several seeds) below the baseline's. */
    static GateReport.Gate regression(SweepSummary summary, SweepSummary baseline, double maxDrop) {
        if (baseline == null) {
            return new GateReport.Gate("regression", true, "no earlier passing run of this preset and training to"
                    + " compare with: this run becomes the baseline if it passes");
        }
        Map<Metaparameters, Point> before = baseline.points().stream()
                .collect(Collectors.toMap(Point::metaparameters, p -> p, (a, b) -> a));
        List<String> dropped = new ArrayList<>();
        int compared = 0;
        for (Point p : summary.points()) {
            Point b = before.get(p.metaparameters());
            if (b == null || b.top1Mean() == null || p.top1Mean() == null) {
                dropped.add(p.metaparameters() + ": nothing to compare (" + (b == null ? "not in the baseline"
                        : "no result") + ")");
                continue;
            }
            compared++;
            double drop = b.top1Mean() - p.top1Mean();
            double limit = p.top1Std() != null && b.top1Std() != null ? Math.min(maxDrop, 3 * Math.max(p.top1Std(),
                    b.top1Std())) : maxDrop;
            if (drop > limit) {
                dropped.add(String.format(Locale.ROOT, "%s: %s -> %s (limit %s)", p.metaparameters(), percent(b.top1Mean()),
                        percent(p.top1Mean()), points(limit)));
            }
        }
        String against = "against sweep " + baseline.sweepId();
        return dropped.isEmpty()
                ? new GateReport.Gate("regression", true, compared + " designs within " + points(maxDrop) + " " + against)
                : new GateReport.Gate("regression", false, "dropped " + against + ": " + String.join("; ", dropped));
    }

    /** A difference of accuracies, in percentage points. */
    static String points(double fraction) {
        return String.format(Locale.ROOT, "%.1f points", fraction * 100);
    }

    static String percent(Double fraction) {
        return fraction == null ? "none" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
