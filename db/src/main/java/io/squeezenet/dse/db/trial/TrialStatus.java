package io.squeezenet.dse.db.trial;

/**
 * A trial's life: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED | PRUNED (RUNNING -> QUEUED when its lease
 * expires). PRUNED: its sweep's pruner stopped it early, as planned; it ran, and is not retried.
 */
public enum TrialStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, PRUNED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == PRUNED;
    }

    /** Ended as its sweep meant it to: trained to the end, or stopped early by the sweep's pruner. */
    public boolean done() {
        return this == SUCCEEDED || this == PRUNED;
    }
}
