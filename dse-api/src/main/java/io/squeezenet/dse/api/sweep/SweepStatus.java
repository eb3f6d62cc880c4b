package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.db.trial.TrialStatus;
import java.util.Map;

/** A sweep's state, derived from its trials rather than stored, so it can never disagree with them. */
public enum SweepStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** @param searchOpen its search may still propose designs, so it is not finished whatever its trials so far are */
    static SweepStatus of(boolean cancelled, boolean searchOpen, Map<TrialStatus, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long queued = counts.getOrDefault(TrialStatus.QUEUED, 0L);
        long running = counts.getOrDefault(TrialStatus.RUNNING, 0L);
        if (cancelled) {
            return CANCELLED;
        }
        if (searchOpen) {
            return queued == total ? QUEUED : RUNNING;
        }
        if (counts.getOrDefault(TrialStatus.SUCCEEDED, 0L) + counts.getOrDefault(TrialStatus.PRUNED, 0L) == total) {
            return SUCCEEDED;
        }
        if (queued + running > 0) {
            return running > 0 || queued < total ? RUNNING : QUEUED;
        }
        return FAILED;
    }
}
