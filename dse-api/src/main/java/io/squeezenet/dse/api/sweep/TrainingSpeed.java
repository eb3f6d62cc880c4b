package io.squeezenet.dse.api.sweep;

import java.util.List;

/**
 * How fast a sweep's trials train, measured on those already trained: seconds = intercept + slope x params, the line
 * fitted to them (larger designs take longer, and a trial has a fixed cost besides), or their plain seconds per
 * parameter while a line cannot be fitted (one size finished, or a line that does not rise).
 */
record TrainingSpeed(Double intercept, Double slope, Double secondsPerParam) {

    /** A running trial: its size and the seconds it has run so far. */
    record Running(long params, double seconds) {
    }

    private boolean fitted() {
        return intercept != null && slope != null && slope > 0 && intercept >= 0;
    }

    /** The estimated seconds of one trial of this size; 0 before any trial was trained. */
    double seconds(long params) {
        return fitted() ? intercept + slope * params : secondsPerParam == null ? 0 : secondsPerParam * params;
    }

    /**
     * Seconds until the queued and running trials are done, spread over the trials running at once: each queued
     * trial's estimate from its size, and what is left of each running one's; null before any trial was trained.
     */
    Double eta(long queuedTrials, long queuedParams, List<Running> running) {
        if (!fitted() && secondsPerParam == null) {
            return null;
        }
        double left = fitted() ? intercept * queuedTrials + slope * queuedParams : secondsPerParam * queuedParams;
        for (Running r : running) {
            left += Math.max(0, seconds(r.params()) - r.seconds());
        }
        return left / Math.max(1, running.size());
    }
}
