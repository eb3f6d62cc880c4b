package io.squeezenet.dse.db.queue;

import io.squeezenet.dse.db.artifact.TrialOutputs;
import io.squeezenet.dse.model.search.Pruner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trial queue's operations, all in SQL, in the order a trial meets them. PostgreSQL is the coordinator:
 * every state change is one conditional UPDATE on the trial row, so any number of workers on any number of
 * machines can run them at once. A change from a worker is accepted only while its claim's token is the trial's
 * current claim and the trial is RUNNING: a worker that lost its lease can never overwrite the result of a later
 * claim. Tokens come from a sequence and only grow; attempt numbers, which a release gives back, are not used to fence.
 */
@Component
public class TrialQueue {

    /** The channel an idle worker LISTENs on to start a newly queued trial at once. */
    public static final String CHANNEL = "dse_trials_queued";

    private final JdbcClient jdbc;

    public TrialQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The queued trials of an owner's sweeps, counted under a per-owner lock held until the caller's transaction ends,
     * so that concurrent submissions of one owner are counted one after the other against its quota.
     */
    public long lockQueuedOf(String owner) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("dse-queue-quota:" + owner).query().singleRow();
        return jdbc.sql("""
                SELECT count(*) FROM trials t JOIN sweeps s ON s.id = t.sweep_id
                WHERE s.owner = ? AND t.status = 'QUEUED'""").param(owner).query(Long.class).single();
    }

    /** Wakes idle workers after trials were queued (delivered when the caller's transaction commits). */
    public void notifyQueued(long sweepId) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, Long.toString(sweepId)).query().singleRow();
    }

    /**
     * Takes the next queued trial: sweeps take turns (the one with the lowest pass, see V5__fair_claims.sql), larger
     * models first within a sweep (the longest trials started first end a sweep of parallel trials soonest, see
     * V10). SKIP LOCKED lets concurrent claimers pass each other
     * instead of queueing on the same row. The epochs of the trial's earlier claims go: a trial's stored epochs are
     * those of its current claim.
     */
    public Optional<Claim> claim(String worker, Duration lease) {
        return claim(worker, null, lease, Long.MAX_VALUE);
    }

    /**
     * {@code instance}: this worker process's identity, unique per run, for {@link #releaseOrphans};
     * {@code maxTrainingBytes}: only a trial whose training-memory estimate is at most this (a worker on a shared
     * GPU, see the worker's GpuAdmission); trials planned before the estimate existed count as fitting.
     */
    @Transactional
    public Optional<Claim> claim(String worker, String instance, Duration lease, long maxTrainingBytes) {
        List<Long> turns = jdbc.sql("""
                WITH clock AS (SELECT coalesce(max(pass - 1.0 / priority), 0) AS now FROM sweeps)
                SELECT s.id FROM sweeps s, clock
                WHERE s.cancelled_at IS NULL
                  AND EXISTS (SELECT 1 FROM trials q WHERE q.sweep_id = s.id AND q.status = 'QUEUED')
                ORDER BY greatest(s.pass, clock.now), s.last_claim NULLS FIRST, s.id""")
                .query(Long.class).list();
        // first the sweeps no other claimer is taking a trial from (it is taking that sweep's turn), then, so that a
        // single sweep still feeds every worker, the others in turn, waiting for their rows
        List<Long> busy = new java.util.ArrayList<>();
        for (long sweep : turns) {
            Optional<Boolean> open = lockSweep(sweep, " SKIP LOCKED");
            if (open.isEmpty()) {
                busy.add(sweep);
            } else if (open.get()) {
                Optional<Claim> claim = claimIn(sweep, worker, instance, lease, maxTrainingBytes);
                if (claim.isPresent()) {
                    return claim;
                }
            }
        }
        for (long sweep : busy) {
            if (lockSweep(sweep, "").orElse(false)) {
                Optional<Claim> claim = claimIn(sweep, worker, instance, lease, maxTrainingBytes);
                if (claim.isPresent()) {
                    return claim;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Locks the sweep's row, as cancel and retry do before touching its trials, so they never deadlock with a claim:
     * true while it is open, false once cancelled, empty when {@code SKIP LOCKED} found it locked (or it is gone).
     */
    private Optional<Boolean> lockSweep(long sweep, String skipLocked) {
        return jdbc.sql("SELECT cancelled_at IS NULL FROM sweeps WHERE id = ? FOR NO KEY UPDATE" + skipLocked)
                .param(sweep).query(Boolean.class).optional();
    }

    /** The sweep's next queued trial that fits (largest model first), its pass advanced by one stride: the turn is taken. */
    private Optional<Claim> claimIn(long sweep, String worker, String instance, Duration lease, long maxTrainingBytes) {
        Optional<Claim> claim = jdbc.sql("""
                WITH next AS (
                    SELECT id FROM trials WHERE sweep_id = :sweep AND status = 'QUEUED'
                      AND coalesce(training_bytes, 0) <= :max_bytes
                    ORDER BY params DESC, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                UPDATE trials t
                SET status = 'RUNNING', attempt = t.attempt + 1, claim = nextval('trial_claims'), worker = :worker,
                    worker_instance = :instance,
                    lease_expires_at = now() + make_interval(secs => :lease), started_at = now(),
                    finished_at = NULL
                FROM next WHERE t.id = next.id
                RETURNING t.id, t.sweep_id, t.attempt, t.worker, t.lease_expires_at, t.claim""")
                .param("sweep", sweep)
                .param("max_bytes", maxTrainingBytes)
                .param("worker", worker)
                .param("instance", instance)
                .param("lease", lease.toMillis() / 1000.0)
                .query((rs, n) -> new Claim(rs.getLong("id"), rs.getLong("sweep_id"), rs.getInt("attempt"),
                        rs.getString("worker"), rs.getObject("lease_expires_at", java.time.OffsetDateTime.class),
                        rs.getLong("claim")))
                .optional();
        claim.ifPresent(c -> {
            // from the row as locked now, not as read before the wait: concurrent claims each advance it
            jdbc.sql("""
                    UPDATE sweeps s SET pass = greatest(s.pass, clock.now) + 1.0 / s.priority, last_claim = :token
                    FROM (SELECT coalesce(max(pass - 1.0 / priority), 0) AS now FROM sweeps) clock
                    WHERE s.id = :sweep""")
                    .param("token", c.token()).param("sweep", sweep).update();
            jdbc.sql("DELETE FROM trial_epochs WHERE trial_id = ? AND claim <> ?").params(c.trialId(), c.token()).update();
        });
        return claim;
    }

    /** Extends the lease; false when the claim is no longer current (lease lost, sweep cancelled): stop the trial. */
    public boolean heartbeat(Claim claim, Duration lease) {
        return jdbc.sql("""
                UPDATE trials SET lease_expires_at = now() + make_interval(secs => :lease)
                WHERE id = :id AND claim = :token AND status = 'RUNNING'""")
                .param("lease", lease.toMillis() / 1000.0)
                .param("id", claim.trialId())
                .param("token", claim.token())
                .update() == 1;
    }

    /**
     * Records one epoch of the current claim; ignored for a stale one. The trial row is read FOR SHARE, so a new
     * claim committing meanwhile is waited for and then seen: a stale epoch cannot slip in after its cleanup.
     */
    public boolean recordEpoch(Claim claim, int epoch, double trainLoss, double imagesPerSecond, double top1, double top5) {
        return jdbc.sql("""
                INSERT INTO trial_epochs (trial_id, claim, attempt, epoch, train_loss, images_per_second, top1, top5)
                SELECT :id, :token, :attempt, :epoch, :loss, :ips, :top1, :top5
                WHERE EXISTS (SELECT 1 FROM trials WHERE id = :id AND claim = :token AND status = 'RUNNING' FOR SHARE)
                ON CONFLICT (trial_id, claim, epoch) DO NOTHING""")
                .param("id", claim.trialId()).param("token", claim.token()).param("attempt", claim.attempt())
                .param("epoch", epoch)
                .param("loss", trainLoss).param("ips", imagesPerSecond).param("top1", top1).param("top5", top5)
                .update() == 1;
    }

    /**
     * Writes the result exactly once: only the current claim of a RUNNING trial can complete it. The result's own
     * per-epoch rows are written with it, in the same transaction, so an epoch whose progress write was lost (the
     * database restarting) is there once the trial succeeds: a succeeded trial's epochs are always 1..E of its claim.
     */
    @Transactional
    public boolean complete(Claim claim, double top1, double top5, String resultJson) {
        return complete(claim, top1, top5, resultJson, TrialOutputs.NONE);
    }

    /** The same, with what the trial keeps besides its result, written only if this claim completes it. */
    @Transactional
    public boolean complete(Claim claim, double top1, double top5, String resultJson, TrialOutputs outputs) {
        boolean completed = jdbc.sql("""
                UPDATE trials SET status = 'SUCCEEDED', top1 = :top1, top5 = :top5, result = CAST(:result AS jsonb),
                    error = NULL, lease_expires_at = NULL, finished_at = now()
                WHERE id = :id AND claim = :token AND status = 'RUNNING'""")
                .param("top1", top1).param("top5", top5).param("result", resultJson)
                .param("id", claim.trialId()).param("token", claim.token())
                .update() == 1;
        if (completed) {
            jdbc.sql("""
                    INSERT INTO trial_epochs (trial_id, claim, attempt, epoch, train_loss, images_per_second, top1, top5)
                    SELECT :id, :token, :attempt, e.epoch, e.train_loss, e.images_per_second, e.top1, e.top5
                    FROM jsonb_to_recordset(CAST(:result AS jsonb) -> 'epochs')
                        AS e(epoch int, train_loss float8, images_per_second float8, top1 float8, top5 float8)
                    ON CONFLICT (trial_id, claim, epoch) DO NOTHING""")
                    .param("id", claim.trialId()).param("token", claim.token()).param("attempt", claim.attempt())
                    .param("result", resultJson)
                    .update();
            if (outputs.weights() != null) {
                jdbc.sql("""
                        INSERT INTO trial_weights (trial_id, claim, size_bytes, sha256, data)
                        VALUES (:id, :token, :size, :sha256, :data)
                        ON CONFLICT (trial_id) DO UPDATE SET claim = excluded.claim, size_bytes = excluded.size_bytes,
                            sha256 = excluded.sha256, data = excluded.data, created_at = now()""")
                        .param("id", claim.trialId()).param("token", claim.token())
                        .param("size", (long) outputs.weights().length).param("sha256", outputs.sha256())
                        .param("data", outputs.weights())
                        .update();
            }
            for (int i = 0; i < outputs.compressions().size(); i++) {
                jdbc.sql("""
                        INSERT INTO trial_compressions (trial_id, position, result) VALUES (:id, :position, CAST(:result AS jsonb))
                        ON CONFLICT (trial_id, position) DO UPDATE SET result = excluded.result""")
                        .param("id", claim.trialId()).param("position", i).param("result", outputs.compressions().get(i))
                        .update();
            }
        }
        return completed;
    }

    /**
     * Completes the trial with the result of an identical SUCCEEDED trial (same architecture, recipe, dataset and
     * seed) instead of training again; returns that trial's id, or empty when there is none. The source is a trial
     * that was trained, never another reuse, so what it kept (weights, compressions) is one step away.
     */
    public Optional<Long> completeFromEarlierResult(Claim claim) {
        return completeFromEarlierResult(claim, false, "[]");
    }

    /**
     * The same, from a source that also kept what this trial's sweep asks for: its weights when {@code weights}, and
     * a measurement of every method in {@code compressionJson} (a JSON list of CompressionSpec).
     */
    public Optional<Long> completeFromEarlierResult(Claim claim, boolean weights, String compressionJson) {
        return jdbc.sql("""
                UPDATE trials t SET status = 'SUCCEEDED', top1 = src.top1, top5 = src.top5, result = src.result,
                    reused_from = src.id, error = NULL, lease_expires_at = NULL, finished_at = now()
                FROM (SELECT id, top1, top5, result FROM trials
                      WHERE recipe_key = (SELECT recipe_key FROM trials WHERE id = :id)
                        AND status = 'SUCCEEDED' AND reused_from IS NULL AND id <> :id
                        AND (NOT :weights OR EXISTS (SELECT 1 FROM trial_weights w WHERE w.trial_id = trials.id))
                        AND (SELECT coalesce(jsonb_agg(c.result -> 'compression'), '[]'::jsonb)
                             FROM trial_compressions c WHERE c.trial_id = trials.id) @> CAST(:compression AS jsonb)
                      ORDER BY id LIMIT 1) src
                WHERE t.id = :id AND t.claim = :token AND t.status = 'RUNNING'
                RETURNING src.id""")
                .param("id", claim.trialId()).param("token", claim.token())
                .param("weights", weights).param("compression", compressionJson)
                .query(Long.class).optional();
    }

    /**
     * Records a failure. A permanent one (invalid recipe, dead network) fails the trial at once; otherwise it goes
     * back to the queue until its attempts are used up.
     */
    public boolean fail(Claim claim, String error, boolean permanent) {
        return jdbc.sql("""
                UPDATE trials SET
                    status = CASE WHEN :permanent OR attempt >= max_attempts THEN 'FAILED' ELSE 'QUEUED' END,
                    finished_at = CASE WHEN :permanent OR attempt >= max_attempts THEN now() END,
                    error = :error, lease_expires_at = NULL
                WHERE id = :id AND claim = :token AND status = 'RUNNING'""")
                .param("permanent", permanent).param("error", error)
                .param("id", claim.trialId()).param("token", claim.token())
                .update() == 1;
    }

    /**
     * Ends a trial its sweep's pruner stopped: PRUNED at {@code epoch} with the accuracy it had reached and the reason,
     * not retried. Only the current claim of a RUNNING trial can.
     */
    public boolean prune(Claim claim, int epoch, double top1, double top5, String reason) {
        return jdbc.sql("""
                UPDATE trials SET status = 'PRUNED', pruned_at_epoch = :epoch, top1 = :top1, top5 = :top5,
                    error = :reason, lease_expires_at = NULL, finished_at = now()
                WHERE id = :id AND claim = :token AND status = 'RUNNING'""")
                .param("epoch", epoch).param("top1", top1).param("top5", top5).param("reason", reason)
                .param("id", claim.trialId()).param("token", claim.token())
                .update() == 1;
    }

    /**
     * The top-1 the other trials of a sweep recorded at {@code epoch} (their current claims'), with their sizes, what a
     * pruner judges a trial against; cancelled and failed trials are left out.
     */
    public List<Pruner.Peer> peers(long sweepId, long trialId, int epoch) {
        return jdbc.sql("""
                SELECT e.top1, t.size_bytes FROM trial_epochs e JOIN trials t ON t.id = e.trial_id AND e.claim = t.claim
                WHERE t.sweep_id = :sweep AND t.id <> :id AND e.epoch = :epoch AND e.top1 IS NOT NULL
                  AND t.status IN ('RUNNING', 'SUCCEEDED', 'PRUNED')""")
                .param("sweep", sweepId).param("id", trialId).param("epoch", epoch)
                .query((rs, n) -> new Pruner.Peer(rs.getDouble("top1"), rs.getLong("size_bytes"))).list();
    }

    /** Gives a trial back on graceful shutdown: queued again, and the attempt does not count. */
    public boolean release(Claim claim) {
        return jdbc.sql("""
                UPDATE trials SET status = 'QUEUED', attempt = attempt - 1, worker = NULL, lease_expires_at = NULL
                WHERE id = :id AND claim = :token AND status = 'RUNNING'""")
                .param("id", claim.trialId()).param("token", claim.token())
                .update() == 1;
    }

    /**
     * Gives back, uncounted, the trials this worker process holds in the database but never ran: a claim whose
     * reply was lost (the connection dropped after the commit) would otherwise sit until its lease ran out and cost an
     * attempt. {@code ranTokens} are the claims the process runs or ran recently; one of those still RUNNING here was
     * stopped without a final write and counts, so it is left to its lease. Matched by the process's
     * {@code instance}, never by its name, which another process (or this one's previous run) may share. Only claims
     * older than {@code settled} are considered, so one between its commit and its thread's bookkeeping is left
     * alone. Returns the trial ids.
     */
    public List<Long> releaseOrphans(String instance, java.util.Collection<Long> ranTokens, Duration settled) {
        return jdbc.sql("""
                UPDATE trials SET status = 'QUEUED', attempt = attempt - 1, worker = NULL, lease_expires_at = NULL
                WHERE status = 'RUNNING' AND worker_instance = :instance AND claim NOT IN (:ran)
                  AND started_at < now() - make_interval(secs => :settled)
                RETURNING id""")
                .param("instance", instance)
                .param("ran", ranTokens.isEmpty() ? List.of(-1L) : List.copyOf(ranTokens))
                .param("settled", settled.toMillis() / 1000.0)
                .query(Long.class).list();
    }

    /**
     * Puts every trial whose lease ran out back in the queue (or fails it when its attempts are used up). Each row
     * changes in one statement, so concurrent reapers cannot requeue a trial twice. Returns the trial ids.
     */
    public List<Long> requeueExpired() {
        return jdbc.sql("""
                UPDATE trials SET
                    status = CASE WHEN attempt >= max_attempts THEN 'FAILED' ELSE 'QUEUED' END,
                    finished_at = CASE WHEN attempt >= max_attempts THEN now() END,
                    error = 'lease expired: worker ' || coalesce(worker, '?') || ' stopped heartbeating during attempt ' || attempt,
                    lease_expires_at = NULL
                WHERE status = 'RUNNING' AND lease_expires_at < now()
                RETURNING id""")
                .query(Long.class).list();
    }

    /** Stops a sweep: nothing more of it is claimed, and its running trials lose their claims at the next check. */
    @Transactional
    public int cancelSweep(long sweepId) {
        jdbc.sql("UPDATE sweeps SET cancelled_at = now() WHERE id = ? AND cancelled_at IS NULL").param(sweepId).update();
        return jdbc.sql("""
                UPDATE trials SET status = 'CANCELLED', lease_expires_at = NULL, finished_at = now()
                WHERE sweep_id = ? AND status IN ('QUEUED', 'RUNNING')""").param(sweepId).update();
    }

    /**
     * Queues a sweep's failed trials again with fresh attempts, unless the sweep is cancelled: checked here, not by
     * the caller, with the sweep's row locked first, so a cancel in flight either commits before (and nothing is
     * queued) or waits for this to commit (and cancels what it queued). Queued trials of a cancelled sweep would wait
     * forever.
     */
    @Transactional
    public int retryFailed(long sweepId) {
        boolean open = jdbc.sql("SELECT cancelled_at IS NULL FROM sweeps WHERE id = ? FOR UPDATE").param(sweepId)
                .query(Boolean.class).optional().orElse(false);
        if (!open) {
            return 0;
        }
        int requeued = jdbc.sql("""
                UPDATE trials SET status = 'QUEUED', attempt = 0, worker = NULL, error = NULL, finished_at = NULL,
                    started_at = NULL
                WHERE sweep_id = ? AND status = 'FAILED'""").param(sweepId).update();
        if (requeued > 0) {
            notifyQueued(sweepId);
        }
        return requeued;
    }

    /** Trials waiting, for metrics and the scheduler. */
    public long depth() {
        return jdbc.sql("SELECT count(*) FROM trials WHERE status = 'QUEUED'").query(Long.class).single();
    }
}
