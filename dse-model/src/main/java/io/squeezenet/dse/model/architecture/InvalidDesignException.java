package io.squeezenet.dse.model.architecture;

import io.squeezenet.dse.model.InvalidFieldException;

/** A design that cannot be built: metaparameters, or an input the stem cannot take. */
public class InvalidDesignException extends InvalidFieldException {

    public InvalidDesignException(String field, String message) {
        super(field, message);
    }
}
