package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PruningTest {

    @Test
    void keepsExactlyTheRoundedShareOfLargestMagnitudes() {
        float[] w = gaussian(10_007, 1);
        boolean[] keep = Pruning.keepLargest(w, 0.3);
        int kept = 0;
        float smallestKept = Float.POSITIVE_INFINITY;
        float largestPruned = 0;
        for (int i = 0; i < w.length; i++) {
            if (keep[i]) {
                kept++;
                smallestKept = Math.min(smallestKept, Math.abs(w[i]));
            } else {
                largestPruned = Math.max(largestPruned, Math.abs(w[i]));
            }
        }
        assertThat(kept).isEqualTo(Math.round(0.3 * w.length)).isEqualTo(3002);
        assertThat(smallestKept).isGreaterThanOrEqualTo(largestPruned);
    }

    @Test
    void breaksTiesByLowerIndexSoTheMaskIsDeterministic() {
        assertThat(Pruning.keepLargest(new float[] {1, 1, 1, 1, 1}, 0.4))
                .containsExactly(true, true, false, false, false);
        // equal magnitudes of either sign tie too
        assertThat(Pruning.keepLargest(new float[] {0.5f, 2, -2, 1, 2}, 0.4))
                .containsExactly(false, true, true, false, false);
        float[] w = gaussian(50_000, 2);
        assertThat(Pruning.keepLargest(w, 0.25)).isEqualTo(Pruning.keepLargest(w.clone(), 0.25));
    }

    @Test
    void keepsAtLeastOneAndAllAtFullDensity() {
        assertThat(Pruning.keepLargest(new float[] {0.1f, -3, 2}, 1e-9)).containsExactly(false, true, false);
        assertThat(Pruning.keepLargest(new float[] {0, 0, 0}, 1.0)).containsExactly(true, true, true);
        assertThat(Pruning.keepLargest(new float[0], 0.5)).isEmpty();
    }

    @Test
    void refusesADensityOutsideZeroToOne() {
        assertThatThrownBy(() -> Pruning.keepLargest(new float[3], 0)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("density:");
        assertThatThrownBy(() -> Pruning.keepLargest(new float[3], 1.01)).hasMessageStartingWith("density:");
        assertThatThrownBy(() -> Pruning.keepLargest(new float[3], Double.NaN)).hasMessageStartingWith("density:");
    }

    static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return w;
    }
}
