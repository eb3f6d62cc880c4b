package io.squeezenet.dse.api.search;

import io.squeezenet.dse.model.architecture.Metaparameters;

/**
 * A design the search has a result for: its accuracy (the sweep's metric, the mean of its seeds that trained to the
 * end; when a pruner stopped every one, their accuracy then, and {@code pruned}) and the size of the network trained,
 * in bytes.
 */
public record Observation(Metaparameters design, double accuracy, long sizeBytes, boolean pruned) {

    public Observation(Metaparameters design, double accuracy, long sizeBytes) {
        this(design, accuracy, sizeBytes, false);
    }
}
