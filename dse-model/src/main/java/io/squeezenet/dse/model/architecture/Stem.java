package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The first convolution. The paper's is 96 filters 7x7 stride 2 for ImageNet crops; on 28x28 or 32x32 images that
 * stem throws away most of the picture, so the small-image recipe swaps in 3x3 stride 1 (pad 1). The choice is
 * part of every recorded architecture, never implicit. conv1's filters (and v1.1's 3x3 paper window) come from the
 * {@link Variant}.
 */
public enum Stem {
    PAPER(7, 2, 0),
    SMALL(3, 1, 1);

    private final int kernel;
    private final int stride;
    private final int padding;

    Stem(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stem parse(String text) {
        return Labels.parse(values(), Stem::label, text, "stem");
    }

    @Override
    public String toString() {
        return label();
    }
}
