package io.squeezenet.dse.model;

/** A training recipe that cannot run: a value out of range, a subset larger than its split, a device not present. */
public class InvalidRecipeException extends InvalidFieldException {

    public InvalidRecipeException(String field, String message) {
        super(field, message);
    }
}
