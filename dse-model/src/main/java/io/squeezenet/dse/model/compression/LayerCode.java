package io.squeezenet.dse.model.compression;

import java.util.Arrays;

/**
 * What a compressed layer holds fixed while the network is fine-tuned: {@link #project} maps freshly updated dense
 * weights back onto the layer's compressed form, so training continues inside the storage format.
 */
public sealed interface LayerCode permits LayerCode.SharedWeights, LayerCode.FixedPoint {

    String name();

    /** The pruning mask: true where a weight is stored. */
    boolean[] keep();

    /** A new array: {@code updated} projected onto this layer's code; {@code updated} is left as it is. */
    float[] project(float[] updated);

    /**
     * Deep Compression: the pruning mask and the cluster of every kept weight ({@code assignment[i]}, -1 where
     * pruned) into {@code centroids}.
     */
    record SharedWeights(String name, boolean[] keep, int[] assignment, float[] centroids) implements LayerCode {

        public SharedWeights {
            if (keep.length != assignment.length) {
                throw new IllegalArgumentException("mask and assignment differ in length in layer " + name);
            }
        }

        /**
         * Pruned positions stay 0 and every kept position becomes the mean of {@code updated} over its cluster.
         * That mean is Han et al.'s centroid update: if {@code updated = w - lr * grad} for weights sharing the
         * centroid c, the mean is c - (lr / |cluster|) * (sum of the cluster's gradients), i.e. the summed cluster
         * gradient applied with the learning rate divided by the cluster size. A layer holds at most as many distinct
         * values as centroids.
         */
        @Override
        public float[] project(float[] updated) {
            return update(updated).dense();
        }

        /** The same mask and clusters with the centroids moved to the means of {@code updated} (see {@link #project}). */
        public SharedWeights update(float[] updated) {
            if (updated.length != keep.length) {
                throw new IllegalArgumentException("layer " + name + " has " + keep.length + " weights, got "
                        + updated.length);
            }
            double[] sums = new double[centroids.length];
            int[] counts = new int[centroids.length];
            for (int i = 0; i < updated.length; i++) {
                if (keep[i]) {
                    sums[assignment[i]] += updated[i];
                    counts[assignment[i]]++;
                }
            }
            float[] moved = centroids.clone();
            for (int c = 0; c < moved.length; c++) {
                if (counts[c] > 0) {
                    moved[c] = (float) (sums[c] / counts[c]);
                }
            }
            return new SharedWeights(name, keep, assignment, moved);
        }

        /** The dense weights this code stands for: 0 where pruned, the centroid elsewhere. */
        public float[] dense() {
            float[] out = new float[keep.length];
            for (int i = 0; i < out.length; i++) {
                if (keep[i]) {
                    out[i] = centroids[assignment[i]];
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "SharedWeights[" + name + ", " + centroids.length + " centroids]";
        }
    }

    /** Ristretto's dynamic fixed point: every weight an 8-bit integer times 2^-fractionalLength. */
    record FixedPoint(String name, int weights, int fractionalLength) implements LayerCode {

        /** Nothing is pruned. */
        @Override
        public boolean[] keep() {
            boolean[] all = new boolean[weights];
            Arrays.fill(all, true);
            return all;
        }

        /** Each value quantized to the layer's fixed-point grid (saturating at -128 and 127) and back. */
        @Override
        public float[] project(float[] updated) {
            if (updated.length != weights) {
                throw new IllegalArgumentException("layer " + name + " has " + weights + " weights, got "
                        + updated.length);
            }
            float[] out = new float[weights];
            for (int i = 0; i < weights; i++) {
                out[i] = Int8Quantizer.dequantize(Int8Quantizer.quantize(updated[i], fractionalLength),
                        fractionalLength);
            }
            return out;
        }
    }
}
