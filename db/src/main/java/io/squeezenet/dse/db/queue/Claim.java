package io.squeezenet.dse.db.queue;

import java.time.OffsetDateTime;

/** A trial handed to one worker: valid while {@code attempt} is the trial's current attempt and the lease holds. */
public record Claim(long trialId, long sweepId, int attempt, String worker, OffsetDateTime leaseExpiresAt) {
}
