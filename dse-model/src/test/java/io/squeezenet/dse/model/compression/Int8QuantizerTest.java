package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {

    @Test
    void roundTripsWithinHalfAStepPerLayer() {
        List<LayerWeights> layers = DeepCompressorTest.smallNet(21);
        CompressedNetwork c = Int8Quantizer.compress(layers);
        assertThat(DeepCompressor.read(c.file())).isEqualTo(c.decoded());
        long weights = 0;
        long biases = 0;
        for (int l = 0; l < layers.size(); l++) {
            float[] in = layers.get(l).weights();
            float[] out = c.decoded().get(l).weights();
            int fl = ((LayerCode.FixedPoint) c.layers().get(l)).fractionalLength();
            float max = 0;
            for (float w : in) {
                max = Math.max(max, Math.abs(w));
            }
            // the largest magnitude needs the whole byte: it sits in the top half of the range
            assertThat(max * Math.pow(2, fl)).isBetween(63.5, 127.5);
            for (int i = 0; i < in.length; i++) {
                assertThat(Math.abs((double) out[i] - in[i])).isLessThanOrEqualTo(Math.pow(2, -fl) / 2);
            }
            assertThat(c.decoded().get(l).bias()).isEqualTo(layers.get(l).bias());
            weights += in.length;
            biases += layers.get(l).bias().length;
        }
        assertThat(c.weights()).isEqualTo(weights);
        assertThat(c.nonzeroWeights()).isEqualTo(weights);
        assertThat(c.paddingEntries()).isZero();
        // one byte per weight, biases at 4: the rest is names and shapes
        assertThat(c.compressedBytes() - weights - 4 * biases).isBetween(0L, 200L);
    }

    @Test
    void fractionalLengthFollowsTheLargestMagnitude() {
        assertThat(Int8Quantizer.fractionalLength(new float[] {0.75f, -0.1f})).isEqualTo(7);
        assertThat(Int8Quantizer.fractionalLength(new float[] {0.3f, -5f})).isEqualTo(4);
        assertThat(Int8Quantizer.fractionalLength(new float[] {300f})).isEqualTo(-2);
        assertThat(Int8Quantizer.fractionalLength(new float[] {0.001f})).isEqualTo(16);
        // -1 is -128 * 2^-7, but +1 would round to 128: one bit less rather than clipping
        assertThat(Int8Quantizer.fractionalLength(new float[] {-1f, 0.5f})).isEqualTo(7);
        assertThat(Int8Quantizer.fractionalLength(new float[] {1f})).isEqualTo(6);
        assertThat(Int8Quantizer.fractionalLength(new float[] {0.998f})).isEqualTo(6);
        assertThat(Int8Quantizer.fractionalLength(new float[] {0, 0})).isEqualTo(7);

        LayerWeights ones = new LayerWeights("conv1", new long[] {2, 2}, new float[] {1, -1, 0.5f, 0}, new float[0]);
        LayerWeights zeros = new LayerWeights("conv10", new long[] {3}, new float[3], new float[] {1, 2, 3});
        CompressedNetwork c = Int8Quantizer.compress(List.of(ones, zeros));
        assertThat(c.decoded().get(0).weights()).containsExactly(1, -1, 0.5f, 0);
        assertThat(c.decoded().get(1).weights()).containsExactly(0, 0, 0);
        assertThat(DeepCompressor.read(c.file())).isEqualTo(c.decoded());
    }

    @Test
    void projectionRequantizesOntoTheLayersGridAndSaturates() {
        var code = new LayerCode.FixedPoint("conv1", 5, 4);
        assertThat(code.keep()).containsOnly(true).hasSize(5);
        // steps of 1/16, saturating at -128/16 = -8 and 127/16
        assertThat(code.project(new float[] {0.03f, 0.04f, -0.5f, 100f, -100f}))
                .containsExactly(0f, 0.0625f, -0.5f, 127f / 16, -8f);
        CompressedNetwork c = Int8Quantizer.compress(DeepCompressorTest.smallNet(22));
        for (int l = 0; l < c.layers().size(); l++) {
            float[] dense = c.decoded().get(l).weights();
            assertThat(c.layers().get(l).project(dense)).isEqualTo(dense);
        }
    }
}
