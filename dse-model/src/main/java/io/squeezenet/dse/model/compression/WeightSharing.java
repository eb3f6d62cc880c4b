package io.squeezenet.dse.model.compression;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.Arrays;

/** Deep Compression's second stage: weight sharing, one k-means codebook per layer. */
public final class WeightSharing {

    private WeightSharing() {
    }

    /**
     * A layer's shared weights: {@code centroids} ascending, {@code assignment[i]} the cluster of weight i, -1 where
     * pruning removed it.
     */
    public record Codebook(float[] centroids, int[] assignment) {
    }

    /**
     * Clusters the kept weights into min(2^bits, kept) centroids. Linear initialisation (evenly spaced between the
     * kept weights' min and max), which Han et al. found best because it keeps centroids on the few large weights
     * that matter most; then Lloyd iterations until no assignment changes or {@code iterations} ran. An empty cluster
     * keeps its previous centroid.
     */
    static Codebook cluster(float[] weights, boolean[] keep, int bits, int iterations) {
        DeepSettings.requireBits("weight_bits", bits);
        if (keep.length != weights.length) {
            throw new IllegalArgumentException("mask has " + keep.length + " entries for " + weights.length
                    + " weights");
        }
        if (iterations < 0) {
            throw new InvalidFieldException("iterations", "must be >= 0, got " + iterations);
        }
        int kept = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < weights.length; i++) {
            if (keep[i]) {
                kept++;
                min = Math.min(min, weights[i]);
                max = Math.max(max, weights[i]);
            }
        }
        int[] assignment = new int[weights.length];
        Arrays.fill(assignment, -1);
        if (kept == 0) {
            return new Codebook(new float[0], assignment);
        }
        int k = Math.min(1 << bits, kept);
        float[] centroids = new float[k];
        for (int j = 0; j < k; j++) {
            centroids[j] = k == 1 ? (float) ((min + (double) max) / 2)
                    : (float) (min + ((double) max - min) * j / (k - 1));
        }
        assign(weights, keep, centroids, assignment);
        double[] sums = new double[k];
        int[] counts = new int[k];
        for (int it = 0; it < iterations; it++) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int i = 0; i < weights.length; i++) {
                if (assignment[i] >= 0) {
                    sums[assignment[i]] += weights[i];
                    counts[assignment[i]]++;
                }
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] > 0) {
                    centroids[j] = (float) (sums[j] / counts[j]);
                }
            }
            // In 1-D the means stay in order; rounding to float could in principle swap two that (nearly) coincide,
            // and the binary search needs them sorted.
            Arrays.sort(centroids);
            if (!assign(weights, keep, centroids, assignment)) {
                break;
            }
        }
        return new Codebook(centroids, assignment);
    }

    /** Nearest centroid for every kept weight (the lower one on a tie); true when any assignment changed. */
    private static boolean assign(float[] weights, boolean[] keep, float[] sorted, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < weights.length; i++) {
            if (!keep[i]) {
                continue;
            }
            int c = nearest(sorted, weights[i]);
            if (c != assignment[i]) {
                assignment[i] = c;
                changed = true;
            }
        }
        return changed;
    }

    static int nearest(float[] sorted, float w) {
        int p = Arrays.binarySearch(sorted, w);
        if (p >= 0) {
            // a run of equal centroids: take its first
            while (p > 0 && sorted[p - 1] == w) {
                p--;
            }
            return p;
        }
        int above = -p - 1;
        if (above == 0) {
            return 0;
        }
        if (above == sorted.length) {
            return sorted.length - 1;
        }
        double below = (double) w - sorted[above - 1];
        double over = (double) sorted[above] - w;
        return over < below ? above : above - 1;
    }
}
