package io.squeezenet.dse.db.trial;

/** A trial's life: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED (RUNNING -> QUEUED when its lease expires). */
public enum TrialStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
