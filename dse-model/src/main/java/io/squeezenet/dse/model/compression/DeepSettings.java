package io.squeezenet.dse.model.compression;

import io.squeezenet.dse.model.InvalidFieldException;

/**
 * Deep Compression's knobs: the fraction of weights pruning keeps ({@code density}; {@code conv1Density} for the
 * layer named exactly {@code conv1}), the codebook index width ({@code weightBits}, 2^weightBits shared weights per
 * layer), the relative index width ({@code indexBits}) and whether the last stage, Huffman coding, runs.
 */
public record DeepSettings(double density, double conv1Density, int weightBits, int indexBits, boolean huffman) {

    /** Name of the layer that gets {@link #conv1Density}. */
    static final String CONV1 = "conv1";

    /** Deep Compression keeps conv1 denser than the rest: Han et al. leave AlexNet's conv1 at 84% of its weights. */
    static final double CONV1_MIN_DENSITY = 0.85;

    public DeepSettings {
        requireDensity("density", density);
        requireDensity("conv1_density", conv1Density);
        requireBits("weight_bits", weightBits);
        requireBits("index_bits", indexBits);
    }

    /** Han et al.'s setup: conv1 kept at 85% or more, 8-bit relative indices (conv layers), no Huffman stage. */
    public static DeepSettings of(double density, int weightBits) {
        requireDensity("density", density);
        return new DeepSettings(density, Math.max(density, CONV1_MIN_DENSITY), weightBits,
                DeepCompression.CONV_INDEX_BITS, false);
    }

    /** The density pruning applies to the named layer. */
    double densityOf(String layerName) {
        return CONV1.equals(layerName) ? conv1Density : density;
    }

    static void requireDensity(String field, double density) {
        if (!Double.isFinite(density) || density <= 0 || density > 1) {
            throw new InvalidFieldException(field, "must be a number with 0 < density <= 1, got " + density);
        }
    }

    static void requireBits(String field, int bits) {
        if (bits < 1 || bits > 16) {
            throw new InvalidFieldException(field, "must be in [1, 16], got " + bits);
        }
    }
}
