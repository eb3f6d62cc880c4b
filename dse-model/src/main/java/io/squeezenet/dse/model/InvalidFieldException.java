package io.squeezenet.dse.model;

/**
 * A value that breaks a rule: names the offending field (in the paper's and the API's snake_case) and the rule, so
 * the CLI, the API and the worker can all report it the same way. Subclasses say what was invalid: a design, a
 * training recipe; a request's own fields (a grid, a report's axis) use this class itself.
 */
public class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String message) {
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
