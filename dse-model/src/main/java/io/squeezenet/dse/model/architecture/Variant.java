package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The SqueezeNet release the macroarchitecture follows. v1.0 is the paper's Table 1; v1.1 is the DeepScale
 * repository's revision (conv1 3x3 with 64 filters, max-pools moved earlier to after conv1, fire3 and fire5), with
 * the same Fire modules, slightly fewer parameters and about 2.4x less computation at the same accuracy.
 */
public enum Variant {
    V1_0("v1.0", 96, 7, new int[] {4, 8}),
    V1_1("v1.1", 64, 3, new int[] {3, 5});

    private final String label;
    private final int conv1Filters;
    private final int paperConv1Kernel;
    private final int[] poolAfterFire;

    Variant(String label, int conv1Filters, int paperConv1Kernel, int[] poolAfterFire) {
        this.label = label;
        this.conv1Filters = conv1Filters;
        this.paperConv1Kernel = paperConv1Kernel;
        this.poolAfterFire = poolAfterFire;
    }

    public int conv1Filters() {
        return conv1Filters;
    }

    /** conv1's window with the paper's ImageNet stem (stride 2, no padding); the small stem is 3x3/1 for both. */
    public int paperConv1Kernel() {
        return paperConv1Kernel;
    }

    /** Whether a max-pool follows Fire module {@code module} (2..9). */
    public boolean poolsAfter(int module) {
        for (int m : poolAfterFire) {
            if (m == module) {
                return true;
            }
        }
        return false;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Variant parse(String text) {
        return Labels.parse(values(), Variant::label, text, "variant");
    }

    @Override
    public String toString() {
        return label;
    }
}
