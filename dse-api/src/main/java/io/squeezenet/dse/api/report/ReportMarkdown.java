package io.squeezenet.dse.api.report;

import io.squeezenet.dse.api.report.SweepSummary.PaperPoint;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A sweep's report in Markdown, written from its summary alone: what ran, the figure, the points beside the paper's,
 * and what the trend shows against the paper's, in numbers a reader can check. No number is typed in by hand.
 */
public final class ReportMarkdown {

    private ReportMarkdown() {
    }

    /** {@code figure} is the figure's file name or URL, relative to where the report is read. */
    public static String of(SweepSummary s, String figure) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Sweep %d: %s. Accuracy: %s on the test subset, mean +- sample std over"
                + " the seeds that succeeded.%s%n%n", s.sweepId(), s.setup(), s.metric().title(),
                s.complete() ? "" : " **Partial: trials are still queued or running.**"));
        md.append("![").append(s.name().replace("]", "")).append("](").append(figure).append(")\n\n");
        if (s.x() == Axis.bypass) {
            md.append("## Table 3\n\n").append(Table3.of(s).markdown()).append('\n');
        } else {
            md.append("## Points\n\n").append(points(s)).append('\n');
        }
        String pruned = pruned(s);
        if (!pruned.isEmpty()) {
            md.append("## Pruned trials\n\n").append(pruned).append('\n');
        }
        if (s.compute() != null) {
            md.append("## Compute\n\n").append(compute(s.compute())).append('\n');
        }
        md.append("## What the trend shows\n\n").append(trend(s)).append('\n');
        md.append("Sizes are 32-bit parameters x 4 bytes. \"size trained\" is the network trained here (small stem,")
                .append(" the dataset's classes); \"size at ImageNet\" is the same metaparameters at the paper's")
                .append(" configuration (3x224x224, 1000 classes), which is what the paper's MB labels give.");
        if (!s.paper().isEmpty()) {
            md.append(" The paper's accuracies are ImageNet's after full training: compare the shape of the curves,")
                    .append(" not their levels.");
        }
        md.append('\n');
        return md.toString();
    }

    private static String points(SweepSummary s) {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(s.x()).append(" | size trained | size at ImageNet | n | failed | top-1 | top-5 | Pareto |")
                .append(s.paper().isEmpty() ? "" : " paper top-5 (ImageNet) | paper size |").append('\n');
        md.append("|---|---|---|---|---|---|---|---|").append(s.paper().isEmpty() ? "" : "---|---|").append('\n');
        for (Point p : s.points()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f MiB | %.2f MiB | %d | %d | %s | %s | %s |", label(p.x()),
                    p.sizeMib(), p.imagenetSizeMib(), p.n(), p.failed(), Table3.meanStd(p.top1Mean(), p.top1Std()),
                    Table3.meanStd(p.top5Mean(), p.top5Std()), p.pareto() ? "yes" : ""));
            if (!s.paper().isEmpty()) {
                PaperPoint paper = paperAt(s, p.x());
                md.append(paper == null ? " - | - |" : String.format(Locale.ROOT, " %s | %s MB |",
                        Table3.percent(paper.top5()), paper.sizeMb()));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Each design's pruned trials: the epochs they were stopped at, their accuracy then; empty when none was. */
    static String pruned(SweepSummary s) {
        int pruned = s.points().stream().mapToInt(Point::pruned).sum();
        if (pruned == 0) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "The sweep's pruner stopped %d trial%s early: %s"
                + " in no mean, no Pareto front and no trend here, and drawn apart in the figure (hollow grey, at the %s"
                + " when stopped).%n%n", pruned, pruned == 1 ? "" : "s", pruned == 1 ? "it is" : "they are",
                s.metric().title()));
        md.append("| ").append(s.x()).append(" | pruned | at epoch | ").append(s.metric().title())
                .append(" when stopped |\n|---|---|---|---|\n");
        for (Point p : s.points()) {
            if (p.pruned() == 0) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", label(p.x()), p.pruned(),
                    p.prunedTrials().stream().map(t -> String.valueOf(t.prunedAtEpoch())).collect(Collectors.joining(", ")),
                    p.prunedTrials().stream().map(t -> Table3.percent(t.value(s.metric())))
                            .collect(Collectors.joining(", "))));
        }
        return md.toString();
    }

    /** What the done trials cost in epochs, against a full grid of them. */
    static String compute(SweepSummary.Compute c) {
        StringBuilder md = new StringBuilder(c.line());
        if (c.trials() > 0) {
            md.append(String.format(Locale.ROOT, ", against a full grid of the same %d trials at %d epochs each",
                    c.trials(), c.epochsFull() / c.trials()));
        }
        return md.append(".\n").toString();
    }

    /** Plain statements computed from the points: direction, size against the noise, best point, the paper's. */
    static String trend(SweepSummary s) {
        List<Point> measured = s.points().stream().filter(p -> p.mean(s.metric()) != null).toList();
        if (measured.size() < 2) {
            return "Fewer than two designs have a result yet, so there is no trend to state.\n";
        }
        StringBuilder md = new StringBuilder();
        Point first = measured.get(0);
        Point last = measured.get(measured.size() - 1);
        Point best = measured.stream().max((a, b) -> Double.compare(a.mean(s.metric()), b.mean(s.metric()))).orElseThrow();
        double change = last.mean(s.metric()) - first.mean(s.metric());
        Double noise = noise(first, last, s.metric());
        String metric = s.metric().title();
        md.append(String.format(Locale.ROOT, "- Ours: %s goes from %s at %s = %s to %s at %s = %s (%s)%s.%n", metric,
                Table3.percent(first.mean(s.metric())), s.x(), label(first.x()), Table3.percent(last.mean(s.metric())),
                s.x(), label(last.x()), Table3.points(change), noise == null
                        ? "; with one seed per point there is no error bar to judge it by"
                        : Math.abs(change) > 2 * noise
                        ? String.format(Locale.ROOT, ", more than twice the combined std of the two ends (2 x %.1f ="
                                + " %.1f pts)", noise * 100, 2 * noise * 100)
                        : String.format(Locale.ROOT, ", within twice the combined std of the two ends (2 x %.1f = %.1f"
                                + " pts): not distinguishable from seed noise", noise * 100, 2 * noise * 100)));
        md.append(String.format(Locale.ROOT, "- The best point is %s = %s at %s (%.2f MiB trained, %.2f MiB at ImageNet).%n",
                s.x(), label(best.x()), Table3.percent(best.mean(s.metric())), best.sizeMib(), best.imagenetSizeMib()));
        long front = measured.stream().filter(Point::pareto).count();
        md.append(String.format(Locale.ROOT, "- %d of %d points are on the Pareto front (no smaller design is at least as"
                + " accurate).%n", front, measured.size()));
        int failed = s.points().stream().mapToInt(Point::failed).sum();
        if (failed > 0) {
            md.append(String.format(Locale.ROOT, "- %d trial%s failed (see results.csv for the reasons).%n", failed,
                    failed == 1 ? "" : "s"));
        }
        PaperPoint paperFirst = paperAt(s, first.x());
        PaperPoint paperLast = paperAt(s, last.x());
        Metric paperMetric = s.x() == Axis.bypass ? s.metric() : Metric.top5;
        if (paperFirst != null && paperLast != null && paperFirst.value(paperMetric) != null
                && paperLast.value(paperMetric) != null) {
            double paperChange = paperLast.value(paperMetric) - paperFirst.value(paperMetric);
            md.append(String.format(Locale.ROOT, "- The paper (ImageNet %s): %s at %s = %s to %s at %s = %s (%s).%n",
                    paperMetric.title(), Table3.percent(paperFirst.value(paperMetric)), s.x(), label(first.x()),
                    Table3.percent(paperLast.value(paperMetric)), s.x(), label(last.x()), Table3.points(paperChange)));
            boolean flat = change == 0 || noise != null && Math.abs(change) <= 2 * noise;
            String direction = Math.signum(change) == Math.signum(paperChange) ? "the same direction as the paper's"
                    : "the opposite direction to the paper's";
            String verdict = flat ? "our change is within seed noise, so this run neither confirms nor contradicts the"
                    + " paper's direction"
                    : noise == null ? direction + ", though with one seed per point there is no noise estimate to"
                    + " judge it by" : direction;
            md.append("- Comparison: ").append(verdict).append(". The paper trained on ImageNet to convergence; this")
                    .append(" run is a small budget on another dataset, so levels differ and small effects may not show.\n");
        }
        return md.toString();
    }

    private static Double noise(Point a, Point b, Metric metric) {
        if (a.std(metric) == null || b.std(metric) == null) {
            return null;
        }
        return Math.sqrt(a.std(metric) * a.std(metric) + b.std(metric) * b.std(metric));
    }

    private static PaperPoint paperAt(SweepSummary s, Object x) {
        return s.paper().stream().filter(p -> x instanceof Number n && p.x() instanceof Number q
                ? PaperReference.same(n.doubleValue(), q.doubleValue()) : Objects.equals(p.x(), x)).findFirst().orElse(null);
    }

    private static String label(Object x) {
        return x instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(x);
    }
}
