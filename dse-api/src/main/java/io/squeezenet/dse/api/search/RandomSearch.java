package io.squeezenet.dse.api.search;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.util.ArrayList;
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

    /** The designs kept, in the order drawn, what else was proposed, and what it took. */
    public record Outcome(Proposer.Asked asked, SearchReport report) {

        public List<Proposer.Step> steps() {
            return asked.steps();
        }

        public List<Metaparameters> designs() {
            return asked.queued();
        }
    }

    /**
     * Draws {@code wanted} designs at once, from the strategy's seed: a random search's whole budget, or the first
     * designs of a model-based one (the same designs a random search with that seed starts with).
     *
     * @param violation why a design may not be trained (a constraint, a cap), or empty when it may
     */
    public static Outcome sample(SearchSpace space, Choices grid, SearchStrategy strategy, int wanted,
                                 Function<Metaparameters, Optional<String>> violation) {
        Proposer.Asked asked = Proposer.ask(CodedSpace.of(space, grid), Sampler.RANDOM, List.of(), Set.of(), List.of(), wanted,
                new Random(strategy.seed()), violation);
        if (asked.stopped() != null) {
            throw new InvalidFieldException("constraints", asked.stopped());
        }
        return new Outcome(asked, SearchReport.of(strategy, asked));
    }
}
