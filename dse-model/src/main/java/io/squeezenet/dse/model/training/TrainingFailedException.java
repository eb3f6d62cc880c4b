package io.squeezenet.dse.model.training;

/**
 * Training that cannot succeed by retrying (a dead or diverged network under this recipe): the worker fails the
 * trial at once instead of spending attempts on it.
 */
public class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String message) {
        super(message);
    }
}
