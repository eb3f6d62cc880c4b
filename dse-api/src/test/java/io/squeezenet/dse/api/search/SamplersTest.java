package io.squeezenet.dse.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TPE and NSGA-II on a made-up objective with the layer table's sizes, asked one design at a time as the driver does. */
class SamplersTest {

    static final CodedSpace SPACE = CodedSpace.of(RandomSearchTest.SPACE, RandomSearchTest.V10);

    /** Better with more squeeze channels and a middling share of 3x3 filters; simple bypass helps a little. */
    static double accuracy(Metaparameters m) {
        return 0.5 + 0.3 * m.squeezeRatio() - 0.3 * Math.abs(m.pct3x3() - 0.5)
                + (m.bypass() == Bypass.SIMPLE ? 0.05 : 0) + 0.0002 * m.expandBase();
    }

    static long size(Metaparameters m) {
        return Architecture.imagenet(m).sizeBytes();
    }

    /** The driver's loop with one design in flight: ask, evaluate, tell, {@code budget} times. */
    static List<Observation> search(Sampler sampler, int budget, long seed) {
        List<Observation> evaluated = new ArrayList<>();
        Set<Metaparameters> proposed = new LinkedHashSet<>();
        for (int number = 1; evaluated.size() < budget; number++) {
            Proposer.Asked asked = Proposer.ask(SPACE, sampler, evaluated, proposed, List.of(), 1,
                    new Random(seed * 31 + number), m -> Optional.empty());
            Metaparameters m = asked.queued().get(0);
            proposed.add(m);
            evaluated.add(new Observation(m, accuracy(m), size(m)));
        }
        return evaluated;
    }

    @Test
    void theSameResultsAndSeedGiveTheSameProposals() {
        for (Sampler sampler : List.of(new TpeSampler(4), new Nsga2Sampler(4))) {
            List<Observation> history = search(Sampler.RANDOM, 8, 11);
            List<Metaparameters> refused = List.of(history.get(0).design());
            Set<Metaparameters> proposed = new LinkedHashSet<>(history.stream().map(Observation::design).toList());
            var first = Proposer.ask(SPACE, sampler, history, proposed, refused, 3, new Random(5), m -> Optional.empty());
            var again = Proposer.ask(SPACE, sampler, history, proposed, refused, 3, new Random(5), m -> Optional.empty());
            assertThat(again.steps()).isEqualTo(first.steps());
            assertThat(first.queued()).hasSize(3).doesNotContainAnyElementsOf(proposed);
            assertThat(first.steps()).extracting(Proposer.Step::origin)
                    .containsOnly(sampler instanceof TpeSampler ? Proposal.Origin.TPE : Proposal.Origin.NSGA2);
        }
    }

    @Test
    void modelBasedSamplersDrawAtRandomUntilTheyHaveTheirStartupDesigns() {
        assertThat(new TpeSampler(5).origin(search(Sampler.RANDOM, 4, 1))).isEqualTo(Proposal.Origin.RANDOM);
        assertThat(new TpeSampler(5).origin(search(Sampler.RANDOM, 5, 1))).isEqualTo(Proposal.Origin.TPE);
        assertThat(new Nsga2Sampler(5).origin(search(Sampler.RANDOM, 4, 1))).isEqualTo(Proposal.Origin.RANDOM);
    }

    /** Over three seeds, TPE's later proposals score better than random draws' on the same objective. */
    @Test
    void tpeClimbsTheObjective() {
        double tpe = 0;
        double random = 0;
        for (long seed = 1; seed <= 3; seed++) {
            tpe += search(new TpeSampler(6), 24, seed).subList(12, 24).stream().mapToDouble(Observation::accuracy).average()
                    .orElseThrow();
            random += search(Sampler.RANDOM, 24, seed).subList(12, 24).stream().mapToDouble(Observation::accuracy)
                    .average().orElseThrow();
        }
        assertThat(tpe).isGreaterThan(random);
    }

    /**
     * NSGA-II breeds from its best: its children land nearer the front of the designs evaluated so far than uniform
     * draws do (mean coded distance to the nearest design on the front, over 30 asks).
     */
    @Test
    void nsga2BreedsNearTheFront() {
        List<Observation> history = search(Sampler.RANDOM, 16, 4);
        List<Observation> front = history.stream().filter(o -> history.stream().noneMatch(p -> p.accuracy() >= o.accuracy()
                && p.sizeBytes() <= o.sizeBytes() && (p.accuracy() > o.accuracy() || p.sizeBytes() < o.sizeBytes())))
                .toList();
        assertThat(front).hasSizeBetween(2, 12);
        Set<Metaparameters> proposed = new LinkedHashSet<>(history.stream().map(Observation::design).toList());
        double children = 0;
        double draws = 0;
        for (int i = 0; i < 30; i++) {
            children += nearest(Proposer.ask(SPACE, new Nsga2Sampler(8), history, proposed, List.of(), 1, new Random(i),
                    m -> Optional.empty()).queued().get(0), front);
            draws += nearest(Proposer.ask(SPACE, Sampler.RANDOM, history, proposed, List.of(), 1, new Random(i),
                    m -> Optional.empty()).queued().get(0), front);
        }
        assertThat(children).isLessThan(draws);
    }

    static double nearest(Metaparameters m, List<Observation> front) {
        double[] x = SPACE.code(m);
        return front.stream().mapToDouble(o -> {
            double[] y = SPACE.code(o.design());
            double d = 0;
            for (int i = 0; i < x.length; i++) {
                d += (x[i] - y[i]) * (x[i] - y[i]);
            }
            return Math.sqrt(d);
        }).min().orElseThrow();
    }

    /** Told which designs a constraint refused, TPE stops proposing their region. */
    @Test
    void tpeLearnsFromRefusedDesigns() {
        List<Observation> history = search(Sampler.RANDOM, 6, 2);
        long limit = 4L * 1024 * 1024;
        var told = Proposer.ask(SPACE, new TpeSampler(4), history, Set.of(), List.of(), 20, new Random(3),
                m -> size(m) > limit ? Optional.of("over") : Optional.empty());
        var blind = Proposer.ask(SPACE, new Sampler() {
            final TpeSampler tpe = new TpeSampler(4);

            @Override
            public double[] propose(CodedSpace space, List<Observation> evaluated, List<Metaparameters> refused,
                                    Random random) {
                return tpe.propose(space, evaluated, List.of(), random);
            }

            @Override
            public Proposal.Origin origin(List<Observation> evaluated) {
                return tpe.origin(evaluated);
            }
        }, history, Set.of(), List.of(), 20, new Random(3), m -> size(m) > limit ? Optional.of("over") : Optional.empty());
        assertThat(told.constrained()).isLessThan(blind.constrained());
    }
}
