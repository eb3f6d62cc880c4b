package io.squeezenet.dse.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RandomSearchTest {

    static final RandomSearch.Choices V10 = new RandomSearch.Choices(List.of(128), List.of(128), List.of(2), List.of(0.125),
            List.of(0.5), List.of(Bypass.NONE), List.of(Variant.V1_0));
    static final SearchSpace SPACE = new SearchSpace(new SearchSpace.IntRange(64, 256, 32), null, null,
            new SearchSpace.FloatRange(0.125, 1.0, null), new SearchSpace.FloatRange(0.01, 0.99, null),
            List.of(Bypass.NONE, Bypass.SIMPLE, Bypass.COMPLEX), null);

    static Optional<String> under(Metaparameters m, double mib) {
        double size = Architecture.imagenet(m).sizeMib();
        return size > mib ? Optional.of("imagenet_size_mib " + size) : Optional.empty();
    }

    @Test
    void theSameSeedDrawsTheSameDesignsEachWithinTheSpaceAndTheLimit() {
        var first = RandomSearch.sample(SPACE, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 12, 7L), 12, m -> under(m, 5));
        var again = RandomSearch.sample(SPACE, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 12, 7L), 12, m -> under(m, 5));
        assertThat(again.designs()).isEqualTo(first.designs());
        assertThat(first.designs()).hasSize(12).doesNotHaveDuplicates().allSatisfy(m -> {
            assertThat(m.expandBase()).isBetween(64, 256);
            assertThat((m.expandBase() - 64) % 32).isZero();
            assertThat(m.squeezeRatio()).isBetween(0.125, 1.0);
            assertThat(m.pct3x3()).isBetween(0.01, 0.99);
            assertThat(Architecture.imagenet(m).sizeMib()).isLessThanOrEqualTo(5);
            // what the space leaves out comes from the grid's lists
            assertThat(m.expandIncrement()).isEqualTo(128);
            assertThat(m.variant()).isEqualTo(Variant.V1_0);
        });
        SearchReport report = first.report();
        assertThat(report.proposals()).isEqualTo(report.designs() + report.rejectedByConstraints()
                + report.rejectedInvalid() + report.duplicates());
        assertThat(report.rejectedByConstraints()).isPositive();
        var other = RandomSearch.sample(SPACE, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 12, 8L), 12, m -> under(m, 5));
        assertThat(other.designs()).isNotEqualTo(first.designs());
    }

    /** A space smaller than the budget repeats itself and gives up with the counts, not a loop. */
    @Test
    void aBudgetTheSpaceCannotMeetIsRefusedWithTheCounts() {
        SearchSpace tiny = new SearchSpace(null, null, null, null, null, List.of(Bypass.NONE, Bypass.COMPLEX), null);
        var two = RandomSearch.sample(tiny, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 2, 1L), 2, m -> Optional.empty());
        assertThat(two.designs()).extracting(Metaparameters::bypass).containsExactlyInAnyOrder(Bypass.NONE, Bypass.COMPLEX);
        assertThatThrownBy(() -> RandomSearch.sample(tiny, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 3, 1L), 3,
                m -> Optional.empty()))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("found only 2 of the 3 designs wanted");
        // simple bypass needs equal channels around fire3: freq 1 with incr_e 128 cannot build it
        SearchSpace unbuildable = new SearchSpace(null, null, new SearchSpace.IntRange(1, 1, null), null, null,
                List.of(Bypass.SIMPLE), null);
        assertThatThrownBy(() -> RandomSearch.sample(unbuildable, V10, new SearchStrategy(SearchStrategy.Name.RANDOM, 1, 1L), 1,
                m -> Optional.empty())).hasMessageContaining("could not be built");
    }
}
