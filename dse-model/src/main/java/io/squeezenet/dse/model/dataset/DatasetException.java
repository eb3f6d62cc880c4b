package io.squeezenet.dse.model.dataset;

import java.nio.file.Path;

/** Data that cannot be read: names the file and what is wrong with it. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
