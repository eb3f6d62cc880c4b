package io.squeezenet.dse.model.compression;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.Arrays;

/**
 * One convolution's weight tensor, flattened in row-major order (shape e.g. [out, in, kh, kw]), and its bias (one
 * per output channel, or none). The arrays are not copied: a network's weights run to megabytes.
 */
public record LayerWeights(String name, long[] shape, float[] weights, float[] bias) {

    /** Rank limit of the file format, which stores the rank in a byte; convolutions need 4. */
    static final int MAX_RANK = 8;

    public LayerWeights {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException("name", "a layer needs a name");
        }
        if (shape == null || shape.length < 1 || shape.length > MAX_RANK) {
            throw new InvalidFieldException("shape", "must have rank 1 to " + MAX_RANK + " in layer " + name);
        }
        if (weights == null || bias == null) {
            throw new InvalidFieldException(weights == null ? "weights" : "bias", "missing in layer " + name);
        }
        long product = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidFieldException("shape", "negative dimension in layer " + name);
            }
            product = Math.multiplyExact(product, d);
        }
        if (product != weights.length) {
            throw new InvalidFieldException("weights", "layer " + name + " has " + weights.length
                    + " weights but its shape " + Arrays.toString(shape) + " holds " + product);
        }
        if (bias.length != 0 && bias.length != shape[0]) {
            throw new InvalidFieldException("bias", "layer " + name + " needs " + shape[0]
                    + " biases (one per output channel) or none, got " + bias.length);
        }
        for (float w : weights) {
            // a NaN would sort above every magnitude in pruning and poison the k-means means
            if (!Float.isFinite(w)) {
                throw new InvalidFieldException("weights", "layer " + name + " holds a non-finite weight");
            }
        }
    }

    /** Equal when every weight and bias has the same bits: what a lossless file round trip must give. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LayerWeights other && name.equals(other.name) && Arrays.equals(shape, other.shape)
                && Arrays.equals(weights, other.weights) && Arrays.equals(bias, other.bias);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "LayerWeights[" + name + " " + Arrays.toString(shape) + ", " + bias.length + " biases]";
    }
}
