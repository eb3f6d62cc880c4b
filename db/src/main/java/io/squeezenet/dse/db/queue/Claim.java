package io.squeezenet.dse.db.queue;

import java.time.OffsetDateTime;

/**
 * A trial handed to one worker: valid while {@code token} is the trial's current claim and the lease holds.
 * {@code token} is the fencing token (from a sequence, never reused); {@code attempt} the user-facing count.
 */
public record Claim(long trialId, long sweepId, int attempt, String worker, OffsetDateTime leaseExpiresAt, long token) {
}
