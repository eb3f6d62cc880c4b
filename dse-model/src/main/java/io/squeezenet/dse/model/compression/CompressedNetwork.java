package io.squeezenet.dse.model.compression;

import java.util.List;

/**
 * A compressed network: the file itself, the dense weights it decodes to, each layer's code (for fine-tuning), and
 * counts to set against {@link DeepCompression.Estimate}: weights kept by pruning (all of them for int8), padding
 * (filler) entries, and weights in total.
 */
public record CompressedNetwork(byte[] file, List<LayerWeights> decoded, List<LayerCode> layers, long nonzeroWeights,
        long paddingEntries, long weights) {

    public CompressedNetwork {
        decoded = List.copyOf(decoded);
        layers = List.copyOf(layers);
    }

    /** The file's real length: the compressed size we report. */
    public long compressedBytes() {
        return file.length;
    }

    @Override
    public String toString() {
        return "CompressedNetwork[" + file.length + " bytes, " + decoded.size() + " layers, " + nonzeroWeights + "/"
                + weights + " weights kept, " + paddingEntries + " fillers]";
    }
}
