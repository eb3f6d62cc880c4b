package io.squeezenet.dse.model.compression;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Ristretto-style dynamic fixed point (Gysel et al., 2016): per layer one fractional length fl, every weight stored as
 * a signed byte q with w ~ q * 2^-fl, dense, biases kept float32. In the file (after {@link CompressedFile}'s header
 * and per-layer name and shape): fl (short), one byte per weight, the bias count (int) and biases (float32).
 */
public final class Int8Quantizer {

    /** Fractional length of a layer whose weights are all zero: any works; this one keeps [-1, 1) representable. */
    static final int ZERO_LAYER_FRACTIONAL_LENGTH = 7;

    private Int8Quantizer() {
    }

    /** The bytes int8 takes for the network's convolutions, by the layer table: one per weight, four per bias. */
    public static long estimate(io.squeezenet.dse.model.architecture.Architecture architecture) {
        return DeepCompression.convolutions(architecture).stream().mapToLong(c -> c.weights() + 4 * c.biases()).sum();
    }

    public static CompressedNetwork compress(List<LayerWeights> layers) {
        CompressedFile.Out out = new CompressedFile.Out(CompressedFile.METHOD_INT8, layers.size());
        List<LayerWeights> decoded = new ArrayList<>();
        List<LayerCode> codes = new ArrayList<>();
        long weights = 0;
        for (LayerWeights layer : layers) {
            float[] w = layer.weights();
            int fl = fractionalLength(w);
            byte[] q = new byte[w.length];
            float[] dense = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                q[i] = quantize(w[i], fl);
                dense[i] = dequantize(q[i], fl);
            }
            out.layerHead(layer);
            out.run(() -> {
                out.data.writeShort(fl);
                out.data.write(q);
                out.data.writeInt(layer.bias().length);
                out.floats(layer.bias());
            });
            decoded.add(new LayerWeights(layer.name(), layer.shape().clone(), dense, layer.bias().clone()));
            codes.add(new LayerCode.FixedPoint(layer.name(), w.length, fl));
            weights += w.length;
        }
        return new CompressedNetwork(out.toByteArray(), decoded, codes, weights, 0, weights);
    }

    /**
     * Ristretto's rule fl = 7 - ceil(log2(max|w|)), so the largest magnitude fits a signed byte; lowered by one where
     * rounding would still carry it out of [-128, 127] (e.g. max|w| = 1 gives 128), so no weight is ever clipped and
     * the error stays within half a step, 2^-fl / 2.
     */
    static int fractionalLength(float[] weights) {
        float largest = 0;
        float smallest = 0;
        for (float w : weights) {
            largest = Math.max(largest, w);
            smallest = Math.min(smallest, w);
        }
        double magnitude = Math.max(largest, -smallest);
        if (magnitude == 0) {
            return ZERO_LAYER_FRACTIONAL_LENGTH;
        }
        int floorLog2 = Math.getExponent(magnitude); // exact for any float, subnormals included, as a double
        int ceilLog2 = magnitude == Math.scalb(1.0, floorLog2) ? floorLog2 : floorLog2 + 1;
        int fl = 7 - ceilLog2;
        if (Math.round(Math.scalb((double) largest, fl)) > Byte.MAX_VALUE
                || Math.round(Math.scalb((double) smallest, fl)) < Byte.MIN_VALUE) {
            fl--;
        }
        return fl;
    }

    /** round(w * 2^fl), saturated to a signed byte. */
    static byte quantize(float w, int fractionalLength) {
        long q = Math.round(Math.scalb((double) w, fractionalLength));
        return (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, q));
    }

    static float dequantize(int q, int fractionalLength) {
        return (float) Math.scalb((double) q, -fractionalLength);
    }

    static LayerWeights readLayer(DataInputStream in, CompressedFile.Head head) throws IOException {
        int fl = in.readShort();
        CompressedFile.requireAvailable(in, head.weights());
        byte[] q = new byte[head.weights()];
        in.readFully(q);
        float[] weights = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            weights[i] = dequantize(q[i], fl);
        }
        float[] bias = CompressedFile.readFloats(in, in.readInt());
        return new LayerWeights(head.name(), head.shape(), weights, bias);
    }
}
