package io.squeezenet.dse.model.training;

/** Thrown between batches when the caller's cancellation check says stop. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(String message) {
        super(message);
    }
}
