package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.dataset.ImageSet;
import org.junit.jupiter.api.Test;

class ChanceLevelTest {

    private static ImageSet labelled(int classes, int... labels) {
        return new ImageSet("test", 1, 1, 1, classes, new byte[labels.length], labels);
    }

    private static ImageSet balanced(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % classes;
        }
        return labelled(classes, labels);
    }

    @Test
    void tenBalancedClassesOn500ImagesAllowChancePlusTwoStandardErrors() {
        ChanceLevel chance = ChanceLevel.of(balanced(10, 50));
        assertThat(chance.share()).isEqualTo(0.1);
        assertThat(chance.threshold()).isCloseTo(0.1 + 2 * Math.sqrt(0.1 * 0.9 / 500), within(1e-12));
        // the trials that ended at 0.100 and one just under the margin fail; 0.336 (lr 3e-4) passes
        assertThat(chance.reachedBy(0.100)).isTrue();
        assertThat(chance.reachedBy(0.126)).isTrue();
        assertThat(chance.reachedBy(0.128)).isFalse();
        assertThat(chance.reachedBy(0.336)).isFalse();
    }

    @Test
    void aSmallTestSubsetNeedsAWiderMargin() {
        ChanceLevel sixteen = ChanceLevel.of(balanced(4, 4));
        assertThat(sixteen.threshold()).isCloseTo(0.25 + 2 * Math.sqrt(0.25 * 0.75 / 16), within(1e-12));
        assertThat(sixteen.reachedBy(0.4375)).as("7 of 16 is luck at this size").isTrue();
        assertThat(sixteen.reachedBy(0.5)).isFalse();
        assertThat(ChanceLevel.of(balanced(10, 1000)).threshold()).isLessThan(ChanceLevel.of(balanced(10, 10)).threshold());
    }

    @Test
    void anUnbalancedTestSetsChanceIsItsMostCommonClass() {
        ChanceLevel chance = ChanceLevel.of(labelled(3, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2));
        assertThat(chance.share()).isEqualTo(0.6);
        assertThat(chance.reachedBy(0.6)).as("always answering class 0").isTrue();
        assertThat(chance.toString()).contains("0.600").contains("10 test images");
    }
}
