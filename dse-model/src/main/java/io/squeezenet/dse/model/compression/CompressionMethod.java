package io.squeezenet.dse.model.compression;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.Locale;

/** How a trained network is compressed: the paper's Table 2 method, or the 8-bit quantization it names as next. */
public enum CompressionMethod {
    /** Deep Compression (Han et al.): magnitude pruning, k-means weight sharing, sparse relative-index storage. */
    DEEP,
    /** Ristretto-style dynamic fixed point: every weight as a signed byte with a per-layer fractional length. */
    INT8;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CompressionMethod parse(String text) {
        return Labels.parse(values(), CompressionMethod::label, text, "method");
    }

    @Override
    public String toString() {
        return label();
    }
}
