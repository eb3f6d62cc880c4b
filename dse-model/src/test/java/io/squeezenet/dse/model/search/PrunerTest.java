package io.squeezenet.dse.model.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunerTest {

    static final Pruner MEDIAN = new Pruner(Pruner.Name.MEDIAN, 1, null, null);
    static final Pruner ASHA = new Pruner(Pruner.Name.ASHA, null, 1, 2);
    static final Pruner MO_ASHA = new Pruner(Pruner.Name.MO_ASHA, null, 1, 2);

    /** A trial of one size: only its top-1 counts. */
    static Pruner.Peer peer(double top1) {
        return new Pruner.Peer(top1, 1000);
    }

    static List<Pruner.Peer> peers(double... top1) {
        return java.util.Arrays.stream(top1).mapToObj(PrunerTest::peer).toList();
    }

    @Test
    void medianStopsATrialBelowTheOthersMedianAfterTheWarmup() {
        List<Pruner.Peer> peers = peers(0.5, 0.7, 0.6);
        assertThat(MEDIAN.decide(1, 5, peer(0.1), peers)).as("in the warm-up").isEmpty();
        assertThat(MEDIAN.decide(2, 5, peer(0.55), peers)).get().asString().contains("below the median 0.6000 of 3");
        assertThat(MEDIAN.decide(2, 5, peer(0.6), peers)).as("at the median").isEmpty();
        assertThat(MEDIAN.decide(2, 5, peer(0.1), peers(0.9))).as("one other is not enough").isEmpty();
        assertThat(MEDIAN.decide(5, 5, peer(0.1), peers)).as("the last epoch finishes").isEmpty();
    }

    @Test
    void ashaKeepsTheTopShareAtEachRungOnly() {
        assertThat(ASHA.isRung(1)).isTrue();
        assertThat(ASHA.isRung(2)).isTrue();
        assertThat(ASHA.isRung(3)).isFalse();
        assertThat(ASHA.isRung(4)).isTrue();
        // 4 trials at rung 1 with reduction 2: the top 2 go on
        assertThat(ASHA.decide(1, 8, peer(0.65), peers(0.7, 0.6, 0.5))).isEmpty();
        assertThat(ASHA.decide(1, 8, peer(0.55), peers(0.7, 0.6, 0.5))).get().asString().contains("outside the top 2 of 4");
        assertThat(ASHA.decide(3, 8, peer(0.0), peers(0.7, 0.6, 0.5))).as("not a rung").isEmpty();
        assertThat(new Pruner(Pruner.Name.ASHA, null, null, null).reduction()).isEqualTo(3);
    }

    @Test
    void settingsOfTheOtherRuleOrOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Pruner(Pruner.Name.MEDIAN, 1, 2, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("min_epochs");
        assertThatThrownBy(() -> new Pruner(Pruner.Name.ASHA, null, 1, 1)).hasMessageContaining("reduction");
        assertThatThrownBy(() -> new Pruner(Pruner.Name.ASHA, null, 0, 3)).hasMessageContaining("min_epochs");
        assertThatThrownBy(() -> new Pruner(null, null, null, null)).hasMessageContaining("median, asha or mo-asha");
    }

    /**
     * MO-ASHA keeps the best of each size: a small network behind the big ones on top-1 goes on when nothing at least
     * as small beats it, where accuracy-only ASHA would stop it.
     */
    @Test
    void moAshaKeepsTheFrontsOnAccuracyAndSize() {
        List<Pruner.Peer> others = List.of(new Pruner.Peer(0.80, 4_000_000), new Pruner.Peer(0.75, 3_000_000),
                new Pruner.Peer(0.60, 3_500_000));
        Pruner.Peer small = new Pruner.Peer(0.50, 1_000_000);
        assertThat(ASHA.decide(1, 8, small, others)).as("accuracy only: outside the top 2 of 4").isPresent();
        assertThat(MO_ASHA.decide(1, 8, small, others)).as("nothing as small does better").isEmpty();
        // dominated by the 3.5 MB network, itself dominated by the 3 MB one: the third front, behind the best 2
        assertThat(MO_ASHA.decide(1, 8, new Pruner.Peer(0.55, 3_600_000), others)).get().asString()
                .contains("MO-ASHA", "front 3 of the 4 trials");
        assertThat(MO_ASHA.decide(3, 8, new Pruner.Peer(0.0, 9_000_000), others)).as("not a rung").isEmpty();
        assertThat(Pruner.Name.parse("mo-asha")).isEqualTo(Pruner.Name.MO_ASHA);
        assertThat(Pruner.Name.MO_ASHA.label()).isEqualTo("mo-asha");
    }
}
