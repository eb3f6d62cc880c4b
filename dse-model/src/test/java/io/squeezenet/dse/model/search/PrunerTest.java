package io.squeezenet.dse.model.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunerTest {

    static final Pruner MEDIAN = new Pruner(Pruner.Name.MEDIAN, 1, null, null);
    static final Pruner ASHA = new Pruner(Pruner.Name.ASHA, null, 1, 2);

    @Test
    void medianStopsATrialBelowTheOthersMedianAfterTheWarmup() {
        List<Double> peers = List.of(0.5, 0.7, 0.6);
        assertThat(MEDIAN.decide(1, 5, 0.1, peers)).as("in the warm-up").isEmpty();
        assertThat(MEDIAN.decide(2, 5, 0.55, peers)).get().asString().contains("below the median 0.6000 of 3");
        assertThat(MEDIAN.decide(2, 5, 0.6, peers)).as("at the median").isEmpty();
        assertThat(MEDIAN.decide(2, 5, 0.1, List.of(0.9))).as("one other is not enough").isEmpty();
        assertThat(MEDIAN.decide(5, 5, 0.1, peers)).as("the last epoch finishes").isEmpty();
    }

    @Test
    void ashaKeepsTheTopShareAtEachRungOnly() {
        assertThat(ASHA.isRung(1)).isTrue();
        assertThat(ASHA.isRung(2)).isTrue();
        assertThat(ASHA.isRung(3)).isFalse();
        assertThat(ASHA.isRung(4)).isTrue();
        // 4 trials at rung 1 with reduction 2: the top 2 go on
        assertThat(ASHA.decide(1, 8, 0.65, List.of(0.7, 0.6, 0.5))).isEmpty();
        assertThat(ASHA.decide(1, 8, 0.55, List.of(0.7, 0.6, 0.5))).get().asString().contains("outside the top 2 of 4");
        assertThat(ASHA.decide(3, 8, 0.0, List.of(0.7, 0.6, 0.5))).as("not a rung").isEmpty();
        assertThat(new Pruner(Pruner.Name.ASHA, null, null, null).reduction()).isEqualTo(3);
    }

    @Test
    void settingsOfTheOtherRuleOrOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Pruner(Pruner.Name.MEDIAN, 1, 2, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("min_epochs");
        assertThatThrownBy(() -> new Pruner(Pruner.Name.ASHA, null, 1, 1)).hasMessageContaining("reduction");
        assertThatThrownBy(() -> new Pruner(Pruner.Name.ASHA, null, 0, 3)).hasMessageContaining("min_epochs");
        assertThatThrownBy(() -> new Pruner(null, null, null, null)).hasMessageContaining("median or asha");
    }
}
