package io.squeezenet.dse.model.training;

/**
 * Normalization after each convolution. {@code none} is the paper's network; {@code batch} (batch normalization
 * before every ReLU but conv10's) is a deviation, recorded with the result, whose extra parameters are reported
 * apart from the paper's exact size.
 */
public enum Norm {
    none, batch
}
