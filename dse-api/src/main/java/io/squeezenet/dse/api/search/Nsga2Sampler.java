package io.squeezenet.dse.api.search;

import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.uma.jmetal.operator.crossover.impl.SBXCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.solution.doublesolution.impl.DefaultDoubleSolution;
import org.uma.jmetal.util.bounds.Bounds;
import org.uma.jmetal.util.comparator.RankingAndCrowdingDistanceComparator;
import org.uma.jmetal.util.densityestimator.impl.CrowdingDistanceDensityEstimator;
import org.uma.jmetal.util.ranking.Ranking;
import org.uma.jmetal.util.ranking.impl.FastNonDominatedSortRanking;

/**
 * NSGA-II (Deb et al., 2002) on two objectives, accuracy up and the size of the network trained down, run steady
 * state so that it proposes one child whenever a worker is free, with no generation barrier: the evaluated designs
 * are ranked by non-dominated sorting and crowding distance (jMetal), the best {@code population} of them are the
 * parents, two binary tournaments pick a pair, and jMetal's SBX crossover and polynomial mutation make the child, all
 * drawing from the search's seeded random source. Designs a constraint refused are not parents: the child of two
 * feasible parents is mostly feasible, and a refused child is simply bred again.
 */
public final class Nsga2Sampler implements Sampler {

    static final double CROSSOVER_PROBABILITY = 0.9;
    static final double DISTRIBUTION_INDEX = 20;
    private final int population;

    /** @param population designs drawn at random first, then the number of parents kept */
    public Nsga2Sampler(int population) {
        this.population = Math.max(2, population);
    }

    @Override
    public Proposal.Origin origin(List<Observation> evaluated) {
        return evaluated.stream().filter(o -> !o.pruned()).count() < population ? Proposal.Origin.RANDOM
                : Proposal.Origin.NSGA2;
    }

    @Override
    public double[] propose(CodedSpace space, List<Observation> evaluated, List<Metaparameters> refused,
                            Random random) {
        if (origin(evaluated) == Proposal.Origin.RANDOM) {
            return space.draw(random);
        }
        List<DoubleSolution> solutions = new ArrayList<>();
        List<Bounds<Double>> bounds = new ArrayList<>();
        for (int d = 0; d < CodedSpace.DIMENSIONS; d++) {
            bounds.add(Bounds.create(0.0, 1.0));
        }
        // a pruned design's accuracy is not a result: it is neither on the front nor a parent
        for (Observation o : evaluated.stream().filter(o -> !o.pruned()).toList()) {
            DoubleSolution s = new DefaultDoubleSolution(bounds, 2, 0);
            double[] x = space.code(o.design());
            for (int d = 0; d < x.length; d++) {
                s.variables().set(d, x[d]);
            }
            s.objectives()[0] = -o.accuracy();
            s.objectives()[1] = o.sizeBytes();
            solutions.add(s);
        }
        List<DoubleSolution> parents = survivors(solutions);
        Ranking<DoubleSolution> ranking = new FastNonDominatedSortRanking<DoubleSolution>().compute(parents);
        CrowdingDistanceDensityEstimator<DoubleSolution> crowding = new CrowdingDistanceDensityEstimator<>();
        for (int f = 0; f < ranking.getNumberOfSubFronts(); f++) {
            crowding.compute(ranking.getSubFront(f));
        }
        Comparator<DoubleSolution> better = new RankingAndCrowdingDistanceComparator<>(ranking);
        DoubleSolution mother = tournament(parents, better, random);
        DoubleSolution father = tournament(parents, better, random);
        DoubleSolution child = new SBXCrossover(CROSSOVER_PROBABILITY, DISTRIBUTION_INDEX, random::nextDouble)
                .execute(List.of(mother, father)).get(random.nextInt(2));
        new PolynomialMutation(1.0 / CodedSpace.DIMENSIONS, DISTRIBUTION_INDEX, random::nextDouble).execute(child);
        double[] x = new double[CodedSpace.DIMENSIONS];
        for (int d = 0; d < x.length; d++) {
            x[d] = child.variables().get(d);
        }
        return x;
    }

    /** NSGA-II's environmental selection: whole fronts while they fit, then the least crowded of the next. */
    private List<DoubleSolution> survivors(List<DoubleSolution> all) {
        Ranking<DoubleSolution> ranking = new FastNonDominatedSortRanking<DoubleSolution>().compute(all);
        CrowdingDistanceDensityEstimator<DoubleSolution> crowding = new CrowdingDistanceDensityEstimator<>();
        List<DoubleSolution> kept = new ArrayList<>();
        for (int f = 0; f < ranking.getNumberOfSubFronts() && kept.size() < population; f++) {
            List<DoubleSolution> front = new ArrayList<>(ranking.getSubFront(f));
            crowding.compute(front);
            if (kept.size() + front.size() > population) {
                front.sort(crowding.comparator());
                front = front.subList(0, population - kept.size());
            }
            kept.addAll(front);
        }
        return kept.stream().map(s -> (DoubleSolution) s.copy()).toList();
    }

    private static DoubleSolution tournament(List<DoubleSolution> parents, Comparator<DoubleSolution> better,
                                             Random random) {
        DoubleSolution a = parents.get(random.nextInt(parents.size()));
        DoubleSolution b = parents.get(random.nextInt(parents.size()));
        return better.compare(a, b) <= 0 ? a : b;
    }
}
