package io.squeezenet.dse.db.sweep;

/** A sweep id that names no sweep: the API answers 404 with this message, whichever endpoint was asked. */
public class NoSuchSweepException extends RuntimeException {

    public NoSuchSweepException(long id) {
        super("no sweep " + id);
    }
}
