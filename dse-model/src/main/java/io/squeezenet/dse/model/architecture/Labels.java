package io.squeezenet.dse.model.architecture;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.Arrays;
import java.util.function.Function;

/** Parses the lower-case words the JSON, flags and URLs use for enum values, refusing others by name. */
public final class Labels {

    private Labels() {
    }

    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> label, String text, String field) {
        String wanted = text == null ? "" : text.trim();
        for (E value : values) {
            if (label.apply(value).equalsIgnoreCase(wanted)) {
                return value;
            }
        }
        throw new InvalidFieldException(field, "must be one of " + Arrays.stream(values).map(label).toList()
                + ", got '" + text + "'");
    }
}
