package io.squeezenet.dse.api.search;

import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.special.Erf;

/**
 * The tree-structured Parzen estimator (Bergstra et al., NeurIPS 2011), univariate as in Hyperopt and Optuna's
 * default: the evaluated designs are split at the {@link #GAMMA} quantile of accuracy into good and the rest, each
 * dimension gets a density for each group (truncated Gaussians at the coded points plus a flat prior; counts for
 * bypass and variant), and of {@link #CANDIDATES} points drawn from the good density the one with the highest ratio
 * good/rest is proposed. Designs a constraint refused count with the rest. Written here because no Java library on
 * the registry offers TPE.
 */
public final class TpeSampler implements Sampler {

    static final double GAMMA = 0.25;
    static final int CANDIDATES = 24;
    static final int MAX_REFUSED = 200;
    private final int startup;

    /** @param startup designs drawn at random before the densities are used */
    public TpeSampler(int startup) {
        this.startup = startup;
    }

    @Override
    public Proposal.Origin origin(List<Observation> evaluated) {
        return evaluated.size() < Math.max(2, startup) ? Proposal.Origin.RANDOM : Proposal.Origin.TPE;
    }

    @Override
    public double[] propose(CodedSpace space, List<Observation> evaluated, List<Metaparameters> refused,
                            Random random) {
        if (origin(evaluated) == Proposal.Origin.RANDOM) {
            return space.draw(random);
        }
        // pruned designs rank below every one trained to the end, as in Optuna; a stable sort keeps ties in the order
        // proposed, so the split is the same for the same results
        List<Observation> ranked = evaluated.stream().sorted(Comparator.comparing(Observation::pruned)
                .thenComparing(Comparator.comparingDouble(Observation::accuracy).reversed())).toList();
        int good = Math.max(1, (int) Math.ceil(GAMMA * ranked.size()));
        List<double[]> below = ranked.subList(0, good).stream().map(o -> space.code(o.design())).toList();
        // designs a constraint refused join the worse group, as Optuna's constrained TPE does: proposals move away
        // (the most recent refusals only, so that a long search stays fast)
        List<double[]> above = java.util.stream.Stream.concat(ranked.subList(good, ranked.size()).stream()
                .map(Observation::design), refused.subList(Math.max(0, refused.size() - MAX_REFUSED), refused.size())
                .stream()).map(space::code).toList();
        List<CodedSpace.Dimension> dims = space.dimensions();
        Density[] l = new Density[CodedSpace.DIMENSIONS];
        Density[] g = new Density[CodedSpace.DIMENSIONS];
        for (int d = 0; d < CodedSpace.DIMENSIONS; d++) {
            l[d] = density(dims.get(d), column(below, d));
            g[d] = density(dims.get(d), column(above, d));
        }
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double[] x = new double[CodedSpace.DIMENSIONS];
            double score = 0;
            for (int d = 0; d < CodedSpace.DIMENSIONS; d++) {
                if (dims.get(d).levels() == 1) {
                    continue;
                }
                x[d] = l[d].sample(random);
                score += Math.log(l[d].pdf(x[d])) - Math.log(g[d].pdf(x[d]));
            }
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return best;
    }

    private static double[] column(List<double[]> points, int d) {
        return points.stream().mapToDouble(p -> p[d]).toArray();
    }

    private interface Density {
        double sample(Random random);

        double pdf(double x);
    }

    private static Density density(CodedSpace.Dimension dim, double[] points) {
        return dim.categorical() ? categorical(dim.levels(), points) : parzen(points);
    }

    /** Counts of each value plus one (the prior), as Hyperopt does for choices. */
    private static Density categorical(int levels, double[] points) {
        double[] weight = new double[levels];
        Arrays.fill(weight, 1.0);
        for (double p : points) {
            weight[CodedSpace.index(p, levels)] += 1;
        }
        double total = Arrays.stream(weight).sum();
        return new Density() {
            public double sample(Random random) {
                double u = random.nextDouble() * total;
                for (int i = 0; i < levels; i++) {
                    u -= weight[i];
                    if (u <= 0) {
                        return CodedSpace.position(i, levels);
                    }
                }
                return CodedSpace.position(levels - 1, levels);
            }

            public double pdf(double x) {
                return weight[CodedSpace.index(x, levels)] / total;
            }
        };
    }

    /**
     * Gaussians truncated to [0, 1] at each point and one flat-ish prior at the centre (sigma 1), equally weighted.
     * Each point's bandwidth is the larger gap to its neighbours (Hyperopt's adaptive Parzen), kept between
     * 1/min(100, n + 1) and 1.
     */
    private static double[] component(double mean, double sigma) {
        double mass = 0.5 * (Erf.erf((1 - mean) / (sigma * Math.sqrt(2))) - Erf.erf(-mean / (sigma * Math.sqrt(2))));
        return new double[] {mean, sigma, mass};
    }

    private static Density parzen(double[] points) {
        List<double[]> components = new ArrayList<>(); // {mean, sigma, mass inside [0, 1]}
        components.add(component(0.5, 1.0));
        double[] sorted = points.clone();
        Arrays.sort(sorted);
        double lowest = 1.0 / Math.min(100, points.length + 1);
        for (double p : points) {
            int i = Arrays.binarySearch(sorted, p);
            double left = i > 0 ? p - sorted[i - 1] : p;
            double right = i < sorted.length - 1 ? sorted[i + 1] - p : 1 - p;
            components.add(component(p, Math.min(1.0, Math.max(lowest, Math.max(left, right)))));
        }
        return new Density() {
            public double sample(Random random) {
                double[] c = components.get(random.nextInt(components.size()));
                for (int tries = 0; tries < 100; tries++) {
                    double x = c[0] + c[1] * random.nextGaussian();
                    if (x >= 0 && x <= 1) {
                        return x;
                    }
                }
                return CodedSpace.clamp(c[0]);
            }

            public double pdf(double x) {
                double sum = 0;
                for (double[] c : components) {
                    double z = (x - c[0]) / c[1];
                    sum += Math.exp(-0.5 * z * z) / (c[1] * Math.sqrt(2 * Math.PI)) / c[2];
                }
                return sum / components.size() + 1e-12;
            }
        };
    }
}
