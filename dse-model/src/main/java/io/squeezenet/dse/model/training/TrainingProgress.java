package io.squeezenet.dse.model.training;

/** Callbacks while a trial trains: per batch for progress bars and heartbeats, per epoch for the record. */
public interface TrainingProgress {

    TrainingProgress NONE = new TrainingProgress() { };

    /** After each training batch: images done in this epoch of {@code imagesPerEpoch}. */
    default void batch(int epoch, int epochs, long imagesDone, long imagesPerEpoch, double loss, double imagesPerSecond) {
    }

    default void epoch(EpochMetrics metrics, int epochs) {
    }
}
