package io.squeezenet.dse.model.training;

import io.squeezenet.dse.model.InvalidRecipeException;

/**
 * Where a recipe runs, apart from what it trains: a worker chooses this for itself, so it is never part of a sweep, a
 * stored recipe or a reuse key.
 *
 * @param threads CPU threads for PyTorch; 0 = all cores
 * @param device  {@code auto} (first GPU DJL sees, else CPU), {@code cpu}, {@code gpu} or {@code gpu:N}
 */
public record Placement(int threads, String device) {

    /** Every core, and the first GPU if there is one. */
    public static final Placement AUTO = new Placement(0, "auto");

    public Placement {
        device = device == null || device.isBlank() ? "auto" : device.trim();
        if (threads < 0 || threads > 1024) {
            throw new InvalidRecipeException("threads", "must be an integer in [0, 1024], got " + threads);
        }
    }

    /** From optional flags: unset ones take {@link #AUTO}'s. */
    public static Placement of(Integer threads, String device) {
        return new Placement(threads == null ? 0 : threads, device);
    }

    /** Threads to give PyTorch. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
