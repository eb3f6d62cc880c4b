package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.LayerSpec;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeepCompressorTest {

    @Test
    void theFileDecodesToExactlyTheWeightsTheCompressorReports() {
        List<LayerWeights> layers = smallNet(11);
        CompressedNetwork c = DeepCompressor.compress(layers, DeepSettings.of(0.33, 4));
        assertThat(DeepCompressor.read(c.file())).isEqualTo(c.decoded());
        assertThat(c.compressedBytes()).isEqualTo(c.file().length);

        long expectedKept = 0;
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights in = layers.get(l);
            LayerWeights out = c.decoded().get(l);
            double density = in.name().equals("conv1") ? 0.85 : 0.33;
            long survivors = Math.round(density * in.weights().length);
            expectedKept += survivors;
            assertThat(out.name()).isEqualTo(in.name());
            assertThat(out.shape()).isEqualTo(in.shape());
            assertThat(out.bias()).isEqualTo(in.bias());
            // the surviving positions are the pruning mask, each holding one of at most 2^4 shared values
            boolean[] keep = Pruning.keepLargest(in.weights(), density);
            Set<Float> values = new HashSet<>();
            long nonzero = 0;
            for (int i = 0; i < keep.length; i++) {
                assertThat(out.weights()[i] != 0).isEqualTo(keep[i]);
                if (keep[i]) {
                    values.add(out.weights()[i]);
                    nonzero++;
                }
            }
            assertThat(values.size()).isLessThanOrEqualTo(16);
            assertThat(nonzero).isEqualTo(survivors);
            assertThat((double) nonzero / keep.length).isCloseTo(density, within(0.001));
            assertThat(c.layers().get(l).keep()).isEqualTo(keep);
        }
        assertThat(c.nonzeroWeights()).isEqualTo(expectedKept);
        assertThat(c.weights()).isEqualTo(layers.stream().mapToLong(l -> l.weights().length).sum());
        assertThat(c.paddingEntries()).isZero();
    }

    @Test
    void fillerEntriesBridgeGapsBeyondTheRelativeIndexWidth() {
        LayerWeights sparse = layer("fire9/expand3x3", new long[] {100, 111, 3, 3}, 21); // 99 900 weights
        CompressedNetwork c = DeepCompressor.compress(List.of(sparse), new DeepSettings(0.001, 0.001, 8, 8, false));
        boolean[] keep = Pruning.keepLargest(sparse.weights(), 0.001);
        assertThat(c.nonzeroWeights()).isEqualTo(100);
        // a filler per 255 pruned weights in a row: a gap of 256 positions or more needs one
        assertThat(c.paddingEntries()).isEqualTo(fillers(keep, 8)).isGreaterThan(200);
        assertThat(DeepCompressor.read(c.file())).isEqualTo(c.decoded());
        assertThat(c.compressedBytes()).isGreaterThanOrEqualTo(2 * (c.nonzeroWeights() + c.paddingEntries()));

        // narrow indices: fillers everywhere, still lossless with and without Huffman
        for (boolean huffman : new boolean[] {false, true}) {
            CompressedNetwork narrow = DeepCompressor.compress(smallNet(12), new DeepSettings(0.1, 0.1, 5, 2,
                    huffman));
            assertThat(narrow.paddingEntries()).isGreaterThan(narrow.nonzeroWeights());
            assertThat(DeepCompressor.read(narrow.file())).isEqualTo(narrow.decoded());
        }
    }

    @Test
    void huffmanCodingShrinksTheFileAndStillRoundTrips() {
        List<LayerWeights> layers = smallNet(13);
        DeepSettings plain = new DeepSettings(0.33, 0.85, 8, 8, false);
        CompressedNetwork fixed = DeepCompressor.compress(layers, plain);
        CompressedNetwork coded = DeepCompressor.compress(layers,
                new DeepSettings(0.33, 0.85, 8, 8, true));
        assertThat(DeepCompressor.read(coded.file())).isEqualTo(coded.decoded()).isEqualTo(fixed.decoded());
        // geometric relative indices (entropy ~2.8 of 8 bits) and bell-shaped codebook use; the codebooks and
        // biases, a seventh of this small file, stay as they are
        assertThat(coded.compressedBytes()).isLessThan(fixed.compressedBytes() * 3 / 4);
    }

    @Test
    void aSqueezeNetSizedFileLandsWithinThreePercentOfTheEstimate() {
        Architecture v10 = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0);
        List<LayerWeights> layers = squeezeNet(v10, 42);
        assertThat(layers).hasSize(26);
        CompressedNetwork c = DeepCompressor.compress(layers, new DeepSettings(0.33, 0.33, 8, 8, false));
        DeepCompression.Estimate e = DeepCompression.estimate(v10, 0.33, 8, 8);
        assertThat(c.weights()).isEqualTo(e.weights());
        assertThat(c.nonzeroWeights()).isEqualTo(e.nonzeroWeights());
        assertThat(c.paddingEntries()).isEqualTo(e.paddingEntries());
        assertThat((double) c.compressedBytes()).isCloseTo(e.sizeBytes(), within(0.03 * e.sizeBytes()));
        // what the estimate leaves out is only names, shapes and counts: a few kilobytes
        assertThat(c.compressedBytes() - e.sizeBytes()).isBetween(0L, 4096L);
        assertThat(DeepCompressor.read(c.file())).isEqualTo(c.decoded());
    }

    @Test
    void projectionKeepsTheMaskAndTheSharedWeights() {
        List<LayerWeights> layers = smallNet(14);
        CompressedNetwork c = DeepCompressor.compress(layers, DeepSettings.of(0.5, 3));
        Random random = new Random(15);
        float lr = 0.01f;
        for (int l = 0; l < layers.size(); l++) {
            LayerCode.SharedWeights code = (LayerCode.SharedWeights) c.layers().get(l);
            float[] shared = c.decoded().get(l).weights();
            // the compressed weights are a fixed point of the projection
            assertThat(code.project(shared)).isEqualTo(shared);

            float[] gradient = new float[shared.length];
            float[] updated = new float[shared.length];
            for (int i = 0; i < shared.length; i++) {
                gradient[i] = (float) random.nextGaussian();
                updated[i] = shared[i] - lr * gradient[i];
            }
            float[] before = updated.clone();
            float[] projected = code.project(updated);
            assertThat(updated).isEqualTo(before);
            Set<Float> values = new HashSet<>();
            double[] gradientSums = new double[code.centroids().length];
            int[] sizes = new int[code.centroids().length];
            for (int i = 0; i < shared.length; i++) {
                if (code.keep()[i]) {
                    values.add(projected[i]);
                    gradientSums[code.assignment()[i]] += gradient[i];
                    sizes[code.assignment()[i]]++;
                } else {
                    assertThat(projected[i]).isZero();
                }
            }
            assertThat(values.size()).isLessThanOrEqualTo(8);
            // centroid minus the summed cluster gradient times lr / cluster size
            for (int i = 0; i < shared.length; i++) {
                if (code.keep()[i]) {
                    int k = code.assignment()[i];
                    assertThat((double) projected[i])
                            .isCloseTo(code.centroids()[k] - lr * gradientSums[k] / sizes[k], within(1e-6));
                }
            }
        }
    }

    @Test
    void refusesTruncatedAndForeignFiles() {
        byte[] file = DeepCompressor.compress(smallNet(16), DeepSettings.of(0.3, 5)).file();
        for (int length : new int[] {0, 3, 9, 20, 60, file.length / 2, file.length - 1}) {
            assertThatThrownBy(() -> DeepCompressor.read(Arrays.copyOf(file, length)))
                    .as("cut at %d", length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DSEC");
        }
        assertThatThrownBy(() -> DeepCompressor.read("PK\3\4 a zip, not ours".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DSEC");
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> DeepCompressor.read(longer)).hasMessageContaining("after the last layer");
        byte[] unknownMethod = file.clone();
        unknownMethod[8] = 9;
        assertThatThrownBy(() -> DeepCompressor.read(unknownMethod)).hasMessageContaining("method 9");
    }

    @Test
    void refusesImpossibleSettingsAndShapes() {
        assertThat(DeepSettings.of(0.3, 8)).isEqualTo(new DeepSettings(0.3, 0.85, 8, 8, false));
        assertThat(DeepSettings.of(0.9, 6).conv1Density()).isEqualTo(0.9);
        assertThatThrownBy(() -> DeepSettings.of(0, 8)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("density:");
        assertThatThrownBy(() -> DeepSettings.of(0.5, 17)).hasMessageStartingWith("weight_bits:");
        assertThatThrownBy(() -> DeepSettings.of(0.5, 0)).hasMessageStartingWith("weight_bits:");
        assertThatThrownBy(() -> new DeepSettings(0.5, 1.2, 8, 8, false)).hasMessageStartingWith("conv1_density:");
        assertThatThrownBy(() -> new DeepSettings(0.5, 0.9, 8, 0, false)).hasMessageStartingWith("index_bits:");
        assertThatThrownBy(() -> new LayerWeights("conv1", new long[] {2, 3}, new float[5], new float[0]))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("weights:");
        assertThatThrownBy(() -> new LayerWeights("conv1", new long[] {2, 3}, new float[6], new float[3]))
                .hasMessageStartingWith("bias:");
    }

    /** Three small convolutions, conv1 among them. */
    static List<LayerWeights> smallNet(long seed) {
        return List.of(layer("conv1", new long[] {32, 3, 7, 7}, seed),
                layer("fire2/expand3x3", new long[] {64, 16, 3, 3}, seed + 1),
                layer("conv10", new long[] {100, 64, 1, 1}, seed + 2));
    }

    /** SqueezeNet's convolutions, walked as {@link DeepCompression} walks the layer table, with Gaussian weights. */
    static List<LayerWeights> squeezeNet(Architecture architecture, long seed) {
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerSpec l : architecture.layers()) {
            switch (l.kind()) {
                case conv, bypass_conv -> layers.add(layer(l.name(),
                        new long[] {l.outChannels(), l.inChannels(), l.kernel(), l.kernel()}, seed++));
                case fire -> {
                    layers.add(layer(l.name() + "/squeeze1x1", new long[] {l.s1x1(), l.inChannels(), 1, 1}, seed++));
                    if (l.e1x1() > 0) {
                        layers.add(layer(l.name() + "/expand1x1", new long[] {l.e1x1(), l.s1x1(), 1, 1}, seed++));
                    }
                    if (l.e3x3() > 0) {
                        layers.add(layer(l.name() + "/expand3x3", new long[] {l.e3x3(), l.s1x1(), 3, 3}, seed++));
                    }
                }
                default -> {
                }
            }
        }
        return layers;
    }

    static LayerWeights layer(String name, long[] shape, long seed) {
        Random random = new Random(seed);
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        // He-style scale, as a trained layer's weights roughly have
        double std = Math.sqrt(2.0 * shape[0] / n);
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            weights[i] = (float) (std * random.nextGaussian());
        }
        float[] bias = new float[(int) shape[0]];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) (0.01 * random.nextGaussian());
        }
        return new LayerWeights(name, shape, weights, bias);
    }

    private static long fillers(boolean[] keep, int indexBits) {
        long fillers = 0;
        int previous = -1;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                int gap = i - previous;
                for (; gap >= 1 << indexBits; gap -= (1 << indexBits) - 1) {
                    fillers++;
                }
                previous = i;
            }
        }
        return fillers;
    }
}
