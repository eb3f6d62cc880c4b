package io.squeezenet.dse.model.network;

/**
 * Normalization after the convolutions. {@code none} is the paper's network; {@code batch} (batch normalization
 * before every ReLU but conv10's) and {@code squeeze} (only after conv1, each squeeze layer and each bypass
 * convolution) are deviations, recorded with the result, whose extra parameters are reported apart from the paper's
 * exact size.
 */
public enum Norm {
    none, squeeze, batch
}
