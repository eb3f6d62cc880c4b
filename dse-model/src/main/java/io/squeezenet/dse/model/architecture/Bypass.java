package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The paper's Section 6 bypass variants (Table 3). */
public enum Bypass {
    /** Plain stack of Fire modules (SqueezeNet v1.0). */
    NONE,
    /** Identity shortcut around fire3, fire5, fire7 and fire9. */
    SIMPLE,
    /** The simple shortcuts plus a 1x1 convolution shortcut around fire2, fire4, fire6 and fire8. */
    COMPLEX;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Bypass parse(String text) {
        return Labels.parse(values(), Bypass::label, text, "bypass");
    }

    @Override
    public String toString() {
        return label();
    }
}
