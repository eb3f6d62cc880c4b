package io.squeezenet.dse.api.search;

import io.squeezenet.dse.model.architecture.Metaparameters;

/**
 * A design the search has a result for: its accuracy (the sweep's metric, the mean of its seeds; a pruned trial's
 * accuracy when it stopped) and the size of the network trained, in bytes.
 */
public record Observation(Metaparameters design, double accuracy, long sizeBytes) {
}
