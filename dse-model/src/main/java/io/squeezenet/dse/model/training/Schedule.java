package io.squeezenet.dse.model.training;

/** How the learning rate moves after warm-up: held, cosine to zero, or linear to zero (Caffe's "poly", power 1). */
public enum Schedule {
    constant, cosine, poly
}
