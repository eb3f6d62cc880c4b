package io.squeezenet.dse.model.compression;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Size estimate in the storage format of Deep Compression (Han, Mao and Dally, 2015), which the paper applies in
 * Table 2: weights pruned to a density, the survivors replaced by k-bit indices into a per-layer codebook of 2^k
 * 32-bit centroids, their positions stored as relative indices of a fixed width with a padding (filler) entry
 * wherever a gap exceeds what that width can express, and biases kept dense at 32 bits. Huffman coding, Deep
 * Compression's last stage, is left out: it depends on the trained weights' distribution.
 */
public final class DeepCompression {

    /** Han et al. store conv-layer index differences in 8 bits (fc layers in 5). */
    public static final int CONV_INDEX_BITS = 8;

    private DeepCompression() {
    }

    /** The estimate and its parts, in bytes. */
    public record Estimate(
            @JsonProperty("density") double density,
            @JsonProperty("weight_bits") int weightBits,
            @JsonProperty("index_bits") int indexBits,
            @JsonProperty("weights") long weights,
            @JsonProperty("nonzero_weights") long nonzeroWeights,
            @JsonProperty("padding_entries") long paddingEntries,
            @JsonProperty("codebook_bytes") long codebookBytes,
            @JsonProperty("bias_bytes") long biasBytes,
            @JsonProperty("entry_bytes") long entryBytes,
            @JsonProperty("size_bytes") long sizeBytes) {

        @JsonProperty("size_mib")
        public double sizeMib() {
            return sizeBytes / (1024.0 * 1024.0);
        }
    }

    /**
     * Expected storage of {@code architecture} pruned to {@code density} with {@code weightBits}-bit weight sharing
     * and {@code indexBits}-bit relative indices. Pruning is taken as uniform over positions, so a gap between
     * survivors is geometric and the expected number of fillers per survivor is q^B / (1 - q^B), q = 1 - density,
     * B = 2^indexBits.
     */
    public static Estimate estimate(Architecture architecture, double density, int weightBits, int indexBits) {
        return estimate(architecture, density, density, weightBits, indexBits);
    }

    /** The same with conv1 pruned to its own density, as {@link DeepCompressor} does (Deep Compression keeps it denser). */
    public static Estimate estimate(Architecture architecture, double density, double conv1Density, int weightBits,
                                    int indexBits) {
        if (!Double.isFinite(density) || density <= 0 || density > 1) {
            throw new InvalidFieldException("density", "must be a number with 0 < density <= 1, got " + density);
        }
        if (!Double.isFinite(conv1Density) || conv1Density <= 0 || conv1Density > 1) {
            throw new InvalidFieldException("conv1_density", "must be a number with 0 < density <= 1, got " + conv1Density);
        }
        if (weightBits < 1 || weightBits > 16) {
            throw new InvalidFieldException("weight_bits", "must be in [1, 16], got " + weightBits);
        }
        if (indexBits < 1 || indexBits > 16) {
            throw new InvalidFieldException("index_bits", "must be in [1, 16], got " + indexBits);
        }
        long weights = 0;
        long nonzero = 0;
        long padding = 0;
        long codebook = 0;
        long bias = 0;
        long entryBits = 0;
        for (Conv conv : convolutions(architecture)) {
            double d = conv.name().equals(DeepSettings.CONV1) ? conv1Density : density;
            long survivors = Math.max(1, Math.round(d * conv.weights()));
            long fillers = Math.round(survivors * fillersPerSurvivor(d, indexBits));
            weights += conv.weights();
            nonzero += survivors;
            padding += fillers;
            entryBits += (survivors + fillers) * (weightBits + indexBits);
            codebook += (1L << weightBits) * 4;
            bias += conv.biases() * 4L;
        }
        long entryBytes = (entryBits + 7) / 8;
        return new Estimate(density, weightBits, indexBits, weights, nonzero, padding, codebook, bias, entryBytes,
                entryBytes + codebook + bias);
    }

    private static double fillersPerSurvivor(double density, int indexBits) {
        double q = 1 - density;
        double gapLimit = Math.pow(2, indexBits);
        return density == 1 ? 0 : Math.pow(q, gapLimit) / (1 - Math.pow(q, gapLimit));
    }

    /**
     * One convolution of the layer table, named as the compressed file names it ({@code conv1}, {@code
     * fire2/squeeze1x1}, {@code fire2/expand1x1}, {@code fire2/expand3x3}, {@code bypass3}, {@code conv10}).
     */
    public record Conv(String name, long weights, long biases) {
    }

    /**
     * Every convolution with its own codebook, in the table's order: a Fire module holds three (squeeze, expand 1x1,
     * expand 3x3). The one list the estimates and the compression of a DJL network both walk.
     */
    public static List<Conv> convolutions(Architecture architecture) {
        List<Conv> convs = new ArrayList<>();
        for (LayerSpec l : architecture.layers()) {
            switch (l.kind()) {
                case conv, bypass_conv -> convs.add(new Conv(l.name(),
                        (long) l.inChannels() * l.outChannels() * l.kernel() * l.kernel(), l.outChannels()));
                case fire -> {
                    convs.add(new Conv(l.name() + "/squeeze1x1", (long) l.inChannels() * l.s1x1(), l.s1x1()));
                    if (l.e1x1() > 0) {
                        convs.add(new Conv(l.name() + "/expand1x1", (long) l.s1x1() * l.e1x1(), l.e1x1()));
                    }
                    if (l.e3x3() > 0) {
                        convs.add(new Conv(l.name() + "/expand3x3", (long) l.s1x1() * l.e3x3() * 9, l.e3x3()));
                    }
                }
                default -> {
                }
            }
        }
        return convs;
    }
}
