package io.squeezenet.dse.model.architecture;

/**
 * A design that cannot be built: names the offending field (in the paper's snake_case) and the rule it breaks,
 * so the CLI, the API and the worker can all report it the same way.
 */
public class InvalidDesignException extends IllegalArgumentException {

    private final String field;

    public InvalidDesignException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The JSON/flag name of the field at fault, e.g. {@code pct_3x3}. */
    public String field() {
        return field;
    }

    /** The rule alone, without the field prefix. */
    public String rule() {
        return getMessage().substring(field.length() + 2);
    }
}
