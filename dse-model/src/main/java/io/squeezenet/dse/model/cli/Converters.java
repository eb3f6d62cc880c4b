package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.InvalidDesignException;
import java.util.function.Supplier;
import picocli.CommandLine.TypeConversionException;

/** Turns a refused flag value into picocli's one-line "Invalid value for option" message with our rule. */
final class Converters {

    private Converters() {
    }

    static <T> T convert(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidDesignException e) {
            throw new TypeConversionException(e.rule());
        }
    }
}
