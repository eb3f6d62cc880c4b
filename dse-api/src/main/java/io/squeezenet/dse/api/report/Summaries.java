package io.squeezenet.dse.api.report;

import io.squeezenet.dse.api.report.SweepSummary.Compute;
import io.squeezenet.dse.api.report.SweepSummary.PaperPoint;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import io.squeezenet.dse.api.report.SweepSummary.PrunedTrial;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reduces a sweep's trials to its {@link SweepSummary}: one point per design, the varied axis, the paper's points, and
 * what its trials cost in epochs. A pruned trial is kept apart: in no mean or front, listed with its design.
 */
@Component
public class Summaries {

    static final double MIB = 1024.0 * 1024.0;

    private final JsonMapper json;

    public Summaries(JsonMapper json) {
        this.json = json;
    }

    public SweepSummary of(Sweep sweep, List<Trial> trials, Metric metric) {
        Map<Metaparameters, List<Trial>> byDesign = new LinkedHashMap<>();
        for (Trial t : trials) {
            byDesign.computeIfAbsent(t.getMetaparameters(), k -> new ArrayList<>()).add(t);
        }
        Axis axis = axis(byDesign.keySet());
        List<Point> points = new ArrayList<>();
        for (Map.Entry<Metaparameters, List<Trial>> e : byDesign.entrySet()) {
            points.add(point(e.getKey(), e.getValue(), axis));
        }
        points.sort(order(axis));
        points = pareto(points, metric);
        // an open search will queue more designs, whatever its trials so far are
        boolean complete = !sweep.isSearchOpen() && trials.stream().allMatch(t -> t.getStatus().finished());
        String study = study(byDesign.keySet(), axis);
        JsonNode training = json.readTree(sweep.getTraining());
        return new SweepSummary(sweep.getId(), sweep.getName(), metric, axis,
                points.stream().map(Point::x).distinct().toList(), complete, study, setup(training), points,
                paperPoints(study), compute(trials, training.path("epochs").asInt()));
    }

    /**
     * The done trials' epochs against {@code epochs} each. From the trials' own columns, not the per-epoch rows: those
     * keep only the current claim's, may miss a progress write a pruned trial's {@code pruned_at_epoch} does not, and
     * a succeeded trial trains exactly its recipe's epochs (only the pruner stops one early).
     */
    static Compute compute(List<Trial> trials, int epochs) {
        int done = 0;
        int reused = 0;
        long trained = 0;
        TreeMap<Integer, Integer> prunedAt = new TreeMap<>();
        for (Trial t : trials) {
            if (!t.getStatus().done()) {
                continue;
            }
            done++;
            if (t.getStatus() == TrialStatus.PRUNED) {
                trained += t.getPrunedAtEpoch();
                prunedAt.merge(t.getPrunedAtEpoch(), 1, Integer::sum);
            } else if (t.getReusedFrom() != null) {
                reused++;
            } else {
                trained += epochs;
            }
        }
        long full = (long) done * epochs;
        int pruned = prunedAt.values().stream().mapToInt(Integer::intValue).sum();
        return new Compute(done, pruned, prunedAt, reused, trained, (long) reused * epochs, full,
                full == 0 ? null : 1 - (double) trained / full);
    }

    /** The one metaparameter that differs between the designs, else the size. */
    static Axis axis(Set<Metaparameters> designs) {
        Set<Axis> varied = EnumSet.noneOf(Axis.class);
        for (Axis a : Axis.values()) {
            if (a != Axis.size_mib && designs.stream().map(a::of).distinct().count() > 1) {
                varied.add(a);
            }
        }
        return varied.size() == 1 ? varied.iterator().next() : Axis.size_mib;
    }

    private static Point point(Metaparameters m, List<Trial> trials, Axis axis) {
        Trial first = trials.get(0);
        List<Trial> succeeded = trials.stream().filter(t -> t.getStatus() == TrialStatus.SUCCEEDED).toList();
        int failed = (int) trials.stream().filter(t -> t.getStatus() == TrialStatus.FAILED).count();
        List<PrunedTrial> pruned = trials.stream().filter(t -> t.getStatus() == TrialStatus.PRUNED)
                .map(t -> new PrunedTrial(t.getId(), t.getSeed(), t.getPrunedAtEpoch(), t.getTop1(), t.getTop5()))
                .sorted(Comparator.comparingLong(PrunedTrial::trialId)).toList();
        double[] top1 = succeeded.stream().mapToDouble(Trial::getTop1).toArray();
        double[] top5 = succeeded.stream().mapToDouble(Trial::getTop5).toArray();
        double sizeMib = first.getSizeBytes() / MIB;
        return new Point(m, axis == Axis.size_mib ? (Object) sizeMib : axis.of(m), first.getParams(),
                first.getSizeBytes(), sizeMib, first.getImagenetSizeBytes(), first.getImagenetSizeBytes() / MIB,
                succeeded.size(), failed, pruned.size(), mean(top1), std(top1), mean(top5), std(top5), false,
                trials.stream().map(Trial::getId).sorted().toList(), pruned);
    }

    static Double mean(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); null below two values. */
    static Double std(double[] values) {
        if (values.length < 2) {
            return null;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** Marks the points no other point beats: smaller and at least as accurate on {@code metric}. */
    static List<Point> pareto(List<Point> points, Metric metric) {
        // One pass in size order, not every pair: a sweep of 10,000 designs is 10^8 pairs. A point is beaten by a point
        // no bigger and no less accurate that is better in one of the two: by a smaller one at least as accurate
        // (the best accuracy of all smaller sizes), or by one of the same size that is more accurate (bypass).
        Map<Long, Double> bestAtSize = new java.util.TreeMap<>();
        for (Point p : points) {
            if (p.mean(metric) != null) {
                bestAtSize.merge(p.sizeBytes(), p.mean(metric), Math::max);
            }
        }
        Map<Long, Double> bestBelow = new java.util.HashMap<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Long, Double> e : bestAtSize.entrySet()) {
            bestBelow.put(e.getKey(), best);
            best = Math.max(best, e.getValue());
        }
        List<Point> marked = new ArrayList<>(points.size());
        for (Point p : points) {
            Double mine = p.mean(metric);
            boolean dominated = mine == null || bestBelow.get(p.sizeBytes()) >= mine
                    || bestAtSize.get(p.sizeBytes()) > mine;
            marked.add(p.withPareto(!dominated));
        }
        return marked;
    }

    private static Comparator<Point> order(Axis axis) {
        return switch (axis) {
            case bypass -> Comparator.comparing(p -> p.metaparameters().bypass());
            case variant -> Comparator.comparing(p -> p.metaparameters().variant());
            case size_mib -> Comparator.comparingLong(Point::sizeBytes);
            default -> Comparator.comparingDouble(p -> ((Number) p.x()).doubleValue());
        };
    }

    /** Which of the paper's studies these designs are, by their metaparameters (any subset of its points). */
    static String study(Set<Metaparameters> designs, Axis axis) {
        PaperReference paper = PaperReference.PUBLISHED;
        if (designs.size() < 2) {
            return null;
        }
        if (axis == Axis.sr && designs.stream().allMatch(m -> paper.figure3a().fixed().holds(m)
                && paper.figure3a().points().stream().anyMatch(p -> PaperReference.same(p.sr(), m.squeezeRatio())))) {
            return "figure3a";
        }
        if (axis == Axis.pct_3x3 && designs.stream().allMatch(m -> paper.figure3b().fixed().holds(m)
                && paper.figure3b().points().stream().anyMatch(p -> PaperReference.same(p.pct3x3(), m.pct3x3())))) {
            return "figure3b";
        }
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;
        if (axis == Axis.bypass && designs.stream().allMatch(m -> m.variant() == v10.variant()
                && m.expandBase() == v10.expandBase()
                && m.expandIncrement() == v10.expandIncrement() && m.freq() == v10.freq()
                && PaperReference.same(m.squeezeRatio(), v10.squeezeRatio())
                && PaperReference.same(m.pct3x3(), v10.pct3x3()))) {
            return "table3";
        }
        return null;
    }

    /** The study's published points, accuracies as fractions. */
    static List<PaperPoint> paperPoints(String study) {
        PaperReference paper = PaperReference.PUBLISHED;
        if (study == null) {
            return List.of();
        }
        return switch (study) {
            case "figure3a" -> paper.figure3a().points().stream()
                    .map(p -> new PaperPoint(p.sr(), p.sizeMb(), null, p.top5() / 100, p.exact())).toList();
            case "figure3b" -> paper.figure3b().points().stream()
                    .map(p -> new PaperPoint(p.pct3x3(), p.sizeMb(), null, p.top5() / 100, p.exact())).toList();
            default -> paper.table3().stream()
                    .map(r -> new PaperPoint(r.bypass(), r.sizeMb(), r.top1() / 100, r.top5() / 100, true)).toList();
        };
    }

    /**
     * "fashion-mnist, 5,000 train / 1,000 test images, 3 epochs, 3 seeds, default recipe", from the recipe as the
     * sweep stored it (a sweep stored before recipes had names says so rather than take today's default).
     */
    static String setup(JsonNode training) {
        int seeds = training.has("seeds") ? training.get("seeds").size() : 1;
        int epochs = training.path("epochs").asInt();
        return String.format(Locale.ROOT, "%s, %s train / %s test images, %d epoch%s, %d seed%s, %s",
                training.path("dataset").asString(), count(training.get("train_subset")),
                count(training.get("test_subset")), epochs, epochs == 1 ? "" : "s", seeds, seeds == 1 ? "" : "s",
                training.has("recipe") ? training.get("recipe").asString() + " recipe" : "recipe unnamed (before 0.2)");
    }

    private static String count(JsonNode n) {
        return n == null || n.isNull() ? "all" : String.format(Locale.ROOT, "%,d", n.asLong());
    }
}
