package io.squeezenet.dse.model.compression;

import java.util.Arrays;

/** Deep Compression's first stage: magnitude pruning. */
public final class Pruning {

    private Pruning() {
    }

    /**
     * The mask keeping the {@code round(density * n)} weights of largest magnitude (at least one, when there are
     * any). Equal magnitudes go to the lower index first, so the mask depends on the weights alone.
     */
    static boolean[] keepLargest(float[] weights, double density) {
        DeepSettings.requireDensity("density", density);
        int n = weights.length;
        boolean[] keep = new boolean[n];
        if (n == 0) {
            return keep;
        }
        int survivors = (int) Math.min(n, Math.max(1, Math.round(density * n)));
        if (survivors == n) {
            Arrays.fill(keep, true);
            return keep;
        }
        // One primitive sort: the high half orders by magnitude descending (the bits of a non-negative float
        // order like its value), the low half by index ascending.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            int magnitude = Float.floatToRawIntBits(weights[i]) & 0x7FFFFFFF;
            keys[i] = ((long) (0x7FFFFFFF - magnitude) << 32) | i;
        }
        Arrays.sort(keys);
        for (int r = 0; r < survivors; r++) {
            keep[(int) keys[r]] = true;
        }
        return keep;
    }
}
