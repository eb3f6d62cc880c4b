package io.squeezenet.dse.api.search;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InvalidDesignException;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Seeded uniform sampling of a {@link SearchSpace}: designs are drawn one after another until the budget is met,
 * each checked against the constraints before it is kept (never trained to find out) and against the designs
 * already kept. The same space, seed and constraints give the same designs in the same order.
 */
public final class RandomSearch {

    /** Proposals per design of the budget before the search gives up on constraints too tight to meet. */
    static final int PROPOSALS_PER_DESIGN = 200;

    private RandomSearch() {
    }

    /** The values a metaparameter the space leaves out is drawn from: the sweep's grid lists. */
    public record Choices(List<Integer> baseE, List<Integer> incrE, List<Integer> freq, List<Double> sr,
                          List<Double> pct3x3, List<Bypass> bypass, List<Variant> variant) {

        /** How many designs the lists' product holds. */
        public long count() {
            return (long) baseE.size() * incrE.size() * freq.size() * sr.size() * pct3x3.size() * bypass.size()
                    * variant.size();
        }

        /** Every design of the lists' product, in the lists' order (a grid sweep's designs). */
        public List<Metaparameters> product() {
            List<Metaparameters> designs = new ArrayList<>();
            for (int b : baseE) {
                for (int i : incrE) {
                    for (int f : freq) {
                        for (double s : sr) {
                            for (double p : pct3x3) {
                                for (Bypass by : bypass) {
                                    for (Variant v : variant) {
                                        designs.add(new Metaparameters(b, i, f, s, p, by, v));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return designs;
        }
    }

    /** The designs kept, in the order drawn, and what it took. */
    public record Outcome(List<Metaparameters> designs, SearchReport report) {
    }

    /**
     * @param violation why a design may not be trained (a constraint, a cap), or empty when it may
     */
    public static Outcome sample(SearchSpace space, Choices grid, SearchStrategy strategy,
                                 Function<Metaparameters, Optional<String>> violation) {
        List<Bypass> bypass = space.bypass() == null ? grid.bypass() : space.bypass();
        List<Variant> variant = space.variant() == null ? grid.variant() : space.variant();
        Random random = new Random(strategy.seed());
        Set<Metaparameters> kept = new LinkedHashSet<>();
        int budget = strategy.budget();
        int limit = Math.max(1000, budget * PROPOSALS_PER_DESIGN);
        int proposals = 0;
        int constrained = 0;
        int invalid = 0;
        int duplicates = 0;
        String lastReason = null;
        while (kept.size() < budget && proposals < limit) {
            proposals++;
            // every dimension is drawn on every proposal, so one refused design does not shift the others' draws
            int baseE = space.baseE() != null ? space.baseE().draw(random) : pick(grid.baseE(), random);
            int incrE = space.incrE() != null ? space.incrE().draw(random) : pick(grid.incrE(), random);
            int freq = space.freq() != null ? space.freq().draw(random) : pick(grid.freq(), random);
            double sr = space.sr() != null ? space.sr().draw(random) : pick(grid.sr(), random);
            double pct = space.pct3x3() != null ? space.pct3x3().draw(random) : pick(grid.pct3x3(), random);
            Bypass by = pick(bypass, random);
            Variant v = pick(variant, random);
            Metaparameters m;
            try {
                m = new Metaparameters(baseE, incrE, freq, sr, pct, by, v);
            } catch (InvalidDesignException e) {
                invalid++;
                continue;
            }
            if (kept.contains(m)) {
                duplicates++;
                continue;
            }
            Optional<String> reason = violation.apply(m);
            if (reason.isPresent()) {
                constrained++;
                lastReason = reason.get();
                continue;
            }
            kept.add(m);
        }
        if (kept.size() < budget) {
            throw new InvalidFieldException("constraints", String.format(java.util.Locale.ROOT, "%d proposals found only"
                    + " %d of the budget's %d designs (%d broke a constraint%s, %d could not be built, %d repeated):"
                    + " loosen the constraints, widen the space or lower the budget", proposals, kept.size(), budget,
                    constrained, lastReason == null ? "" : ", e.g. " + lastReason, invalid, duplicates));
        }
        return new Outcome(List.copyOf(kept), new SearchReport(strategy, kept.size(), proposals, constrained, invalid,
                duplicates));
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
