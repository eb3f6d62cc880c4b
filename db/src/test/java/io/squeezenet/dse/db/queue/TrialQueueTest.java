package io.squeezenet.dse.db.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.artifact.TrialOutputs;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpochRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.dbtests.DbTest;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue on a real PostgreSQL 17 (embedded here; Testcontainers where Docker runs). */
class TrialQueueTest extends DbTest {

    @Autowired
    TrialQueue queue;
    @Autowired
    SweepRepository sweeps;
    @Autowired
    TrialRepository trials;
    @Autowired
    TrialEpochRepository epochs;

    static final Duration LEASE = Duration.ofSeconds(60);

    @Autowired
    javax.sql.DataSource dataSource;

    /** A sweep whose only trial has FAILED permanently. */
    long failedSweep() {
        drain();
        long sweep = sweepWith(11);
        Claim c = queue.claim("w", LEASE).orElseThrow();
        queue.fail(c, "boom", true);
        return sweep;
    }

    long queuedIn(long sweep) {
        return trials.findBySweepIdOrderById(sweep).stream().filter(t -> t.getStatus() == TrialStatus.QUEUED).count();
    }

    @Test
    void retryFailedQueuesNothingOfACancelledSweep() {
        long sweep = failedSweep();
        queue.cancelSweep(sweep);   // between the API's check and the retry
        assertThat(queue.retryFailed(sweep)).isZero();
        assertThat(queuedIn(sweep)).isZero();
    }

    /** A cancel in flight (not yet committed) when the retry runs: the retry waits and then queues nothing. */
    @Test
    void retryFailedWaitsForACancelInFlight() throws Exception {
        long sweep = failedSweep();
        try (java.sql.Connection cancel = dataSource.getConnection()) {
            cancel.setAutoCommit(false);
            try (var s = cancel.createStatement()) {
                s.executeUpdate("UPDATE sweeps SET cancelled_at = now() WHERE id = " + sweep);
                s.executeUpdate("UPDATE trials SET status = 'CANCELLED', finished_at = now() WHERE sweep_id = " + sweep
                        + " AND status IN ('QUEUED', 'RUNNING')");
            }
            var retry = java.util.concurrent.CompletableFuture.supplyAsync(() -> queue.retryFailed(sweep));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> retry.isDone() || waitingOnALock());
            cancel.commit();
            assertThat(retry.get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(queuedIn(sweep)).isZero();
    }

    private boolean waitingOnALock() {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .queryForObject("SELECT count(*) FROM pg_locks WHERE NOT granted", Long.class) > 0;
    }

    long sweepWith(long... params) {
        return sweepWithPriority(1, params);
    }

    long sweepWithPriority(int priority, long... params) {
        Sweep sweep = sweeps.save(new Sweep("test", null, "{}", "{}", null, true, null, priority));
        List<Trial> list = new ArrayList<>();
        for (long p : params) {
            list.add(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 7, p, p * 4, p, p * 4, p * 16, "k" + p, 3));
        }
        trials.saveAll(list);
        return sweep.getId();
    }

    Trial reload(long id) {
        return trials.findById(id).orElseThrow();
    }

    /** Claims everything queued, so each test starts from an empty queue. */
    void drain() {
        while (queue.claim("drain", LEASE).map(c -> queue.complete(c, 0, 0, "{}")).isPresent()) {
        }
    }

    /** Claims one at a time, as one worker does, completing each; the sweep of every claim in order. */
    List<Long> claimOrder() {
        List<Long> order = new ArrayList<>();
        Optional<Claim> c;
        while ((c = queue.claim("one-worker", LEASE)).isPresent()) {
            order.add(c.get().sweepId());
            queue.complete(c.get(), 0.5, 0.9, "{}");
        }
        return order;
    }

    /** The fairness order: a colleague's 5-trial sweep submitted after a 60-trial one finishes long before it. */
    @Test
    void aSmallSweepIsNotStarvedByALargeOneSubmittedBefore() {
        drain();
        long[] many = new long[60];
        java.util.Arrays.fill(many, 10);
        long large = sweepWith(many);
        long small = sweepWith(21, 21, 21, 21, 21);
        List<Long> order = claimOrder();
        assertThat(order).hasSize(65);
        assertThat(order.subList(0, 10)).as("turns while both have work").containsExactly(
                large, small, large, small, large, small, large, small, large, small);
        assertThat(order.lastIndexOf(small)).as("the small sweep's last claim").isEqualTo(9);
    }

    /** Priority weights the turns: a priority-3 sweep gets three claims for each of a priority-1 sweep's. */
    @Test
    void priorityWeightsTheTurns() {
        drain();
        long[] twelve = new long[12];
        java.util.Arrays.fill(twelve, 10);
        long normal = sweepWithPriority(1, twelve);
        long urgent = sweepWithPriority(3, twelve);
        List<Long> first = claimOrder().subList(0, 12);
        assertThat(first.stream().filter(s -> s == urgent).count()).isEqualTo(9);
        assertThat(first.stream().filter(s -> s == normal).count()).isEqualTo(3);
    }

    /** A sweep that was idle (its failed trials retried later) rejoins at the others' pass, not ahead of them. */
    @Test
    void aSweepBackFromIdleDoesNotJumpTheQueue() {
        drain();
        long early = sweepWith(10, 10);
        claimOrder();
        long[] ten = new long[10];
        java.util.Arrays.fill(ten, 10);
        long busy = sweepWith(ten);
        for (int i = 0; i < 6; i++) {
            queue.complete(queue.claim("w", LEASE).orElseThrow(), 0.5, 0.9, "{}");
        }
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).update(
                "UPDATE trials SET status = 'QUEUED' WHERE sweep_id = ?", early);
        List<Long> order = claimOrder();
        assertThat(order.subList(0, 4)).containsExactly(early, busy, early, busy);
    }

    @Test
    void sweepsTakeTurnsAndLargerModelsGoFirstWithinASweep() {
        drain();
        long older = sweepWith(300, 100, 200);
        long newer = sweepWith(50);
        List<Long> order = new ArrayList<>();
        Optional<Claim> c;
        while ((c = queue.claim("w1", LEASE)).isPresent()) {
            order.add(reload(c.get().trialId()).getParams());
            assertThat(c.get().attempt()).isEqualTo(1);
            assertThat(c.get().worker()).isEqualTo("w1");
            queue.complete(c.get(), 0.5, 0.9, "{\"ok\": true}");
        }
        assertThat(order).containsExactly(300L, 50L, 200L, 100L);
        assertThat(trials.findBySweepIdOrderById(older)).allMatch(t -> t.getStatus() == TrialStatus.SUCCEEDED);
        assertThat(trials.findBySweepIdOrderById(newer).get(0).getTop5()).isEqualTo(0.9);
    }

    @Test
    void aClaimWithAMemoryBudgetTakesTheLargestTrialThatFits() {
        drain();
        sweepWith(300, 100, 200);   // each trial's training estimate is 16 bytes per parameter here
        Claim fits = queue.claim("gpu", null, LEASE, 250 * 16).orElseThrow();
        assertThat(reload(fits.trialId()).getParams()).isEqualTo(200L);
        assertThat(queue.claim("gpu", null, LEASE, 50 * 16)).as("nothing fits 800 bytes").isEmpty();
        assertThat(reload(queue.claim("cpu", LEASE).orElseThrow().trialId()).getParams()).isEqualTo(300L);
        drain();
    }

    @Test
    void concurrentClaimersTakeEveryTrialExactlyOnce() throws Exception {
        drain();
        long[] params = new long[200];
        for (int i = 0; i < params.length; i++) {
            params[i] = 1000 + i;
        }
        long sweep = sweepWith(params);
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            String name = "w" + w;
            pool.submit(() -> {
                Optional<Claim> c;
                while ((c = queue.claim(name, LEASE)).isPresent()) {
                    if (!claimed.add(c.get().trialId())) {
                        duplicates.add(c.get().trialId());
                    }
                    queue.complete(c.get(), 0.1, 0.2, "{}");
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(200);
        assertThat(trials.findBySweepIdOrderById(sweep)).allMatch(t -> t.getStatus() == TrialStatus.SUCCEEDED && t.getAttempt() == 1);
    }

    /**
     * Fairness under concurrent claimers: four workers claiming at once from two sweeps still share the claims
     * about evenly (each claim advances its sweep's pass from the row as locked, so none is lost to a race).
     */
    @Test
    void concurrentClaimersShareTheTurnsBetweenSweeps() throws Exception {
        drain();
        long[] forty = new long[40];
        java.util.Arrays.fill(forty, 30);
        long a = sweepWith(forty);
        long b = sweepWith(forty);
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            String name = "fair" + w;
            pool.submit(() -> {
                Optional<Claim> c;
                while ((c = queue.claim(name, LEASE)).isPresent()) {
                    order.add(c.get().sweepId());
                    queue.complete(c.get(), 0.1, 0.2, "{}");
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(order).hasSize(80);
        List<Long> firstHalf = order.subList(0, 40);
        assertThat(firstHalf.stream().filter(s -> s == a).count()).as("sweep a's share of the first 40 claims: " + firstHalf)
                .isBetween(16L, 24L);
        assertThat(firstHalf.stream().filter(s -> s == b).count()).isBetween(16L, 24L);
    }

    @Test
    void anExpiredLeaseRequeuesTheTrialAndTheStaleWorkerCannotWriteItsResult() throws Exception {
        drain();
        long sweep = sweepWith(10);
        Claim first = queue.claim("slow", Duration.ofMillis(200)).orElseThrow();
        assertThat(queue.heartbeat(first, Duration.ofMillis(200))).isTrue();
        assertThat(queue.recordEpoch(first, 1, 2.0, 100, 0.3, 0.8)).isTrue();
        List<Long> reaped = org.awaitility.Awaitility.await("the 200 ms lease expires").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(queue::requeueExpired, r -> !r.isEmpty());
        assertThat(reaped).containsExactly(first.trialId());
        assertThat(queue.requeueExpired()).as("a second reaper finds nothing").isEmpty();
        Trial requeued = reload(first.trialId());
        assertThat(requeued.getStatus()).isEqualTo(TrialStatus.QUEUED);
        assertThat(requeued.getError()).contains("lease expired: worker slow");

        Claim second = queue.claim("fast", LEASE).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(queue.heartbeat(first, LEASE)).as("the old claim is dead").isFalse();
        assertThat(queue.recordEpoch(first, 2, 1.0, 100, 0.5, 0.9)).isFalse();
        assertThat(queue.complete(first, 0.99, 0.99, "{}")).isFalse();
        assertThat(queue.complete(second, 0.6, 0.95, "{\"attempt\": 2}")).isTrue();
        assertThat(queue.complete(second, 0.7, 0.97, "{}")).as("written exactly once").isFalse();
        Trial done = reload(second.trialId());
        assertThat(done.getStatus()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(done.getTop1()).isEqualTo(0.6);
        assertThat(done.getAttempt()).isEqualTo(2);
        assertThat(done.getWorker()).isEqualTo("fast");
        assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(done.getId()))
                .as("only the final claim's epochs are kept, and it recorded none").isEmpty();
        assertThat(sweep).isPositive();
    }

    /**
     * A release gives its attempt back and retry-failed starts again from 0, so a stalled worker and a new claim can
     * hold the same attempt number: the fencing token tells them apart, and the new claim's epochs are all kept.
     */
    @Test
    void aClaimThatReusesAnAttemptNumberFencesOutTheStaleOne() {
        drain();
        sweepWith(40);
        Claim stale = queue.claim("stalled", LEASE).orElseThrow();
        assertThat(queue.recordEpoch(stale, 1, 2.0, 100, 0.2, 0.6)).isTrue();
        assertThat(queue.release(stale)).isTrue();
        Claim current = queue.claim("fresh", LEASE).orElseThrow();
        assertThat(current.attempt()).as("the user-facing count is the same").isEqualTo(stale.attempt());
        assertThat(current.token()).isGreaterThan(stale.token());

        assertThat(queue.heartbeat(stale, LEASE)).as("the stalled worker must stop").isFalse();
        assertThat(queue.recordEpoch(stale, 2, 1.9, 100, 0.3, 0.7)).isFalse();
        assertThat(queue.recordEpoch(current, 1, 1.5, 100, 0.4, 0.8)).as("epoch 1 again, of the new claim").isTrue();
        assertThat(queue.recordEpoch(current, 2, 1.2, 100, 0.5, 0.9)).isTrue();
        assertThat(queue.complete(stale, 0.99, 0.99, "{}")).isFalse();
        assertThat(queue.fail(stale, "late", true)).isFalse();
        assertThat(queue.complete(current, 0.5, 0.9, "{}")).isTrue();
        assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(current.trialId()))
                .extracting(e -> e.getKey().claim() + "/" + e.getKey().epoch() + "/" + e.getTrainLoss())
                .containsExactly(current.token() + "/1/1.5", current.token() + "/2/1.2");

        // retry-failed starts attempts again from 0: a claim from before it is fenced out too
        long retried = sweepWith(41);
        Claim before = queue.claim("w", LEASE).orElseThrow();
        assertThat(queue.fail(before, "boom", true)).isTrue();
        assertThat(queue.retryFailed(retried)).isEqualTo(1);
        Claim after = queue.claim("w2", LEASE).orElseThrow();
        assertThat(after.attempt()).isEqualTo(before.attempt());
        assertThat(queue.complete(before, 0.9, 0.9, "{}")).isFalse();
        assertThat(queue.complete(after, 0.8, 0.9, "{}")).isTrue();
    }

    /** A trial row is the model's Metaparameters record, bypass included, and reads back equal to it. */
    @Test
    void aTrialStoresItsMetaparametersAsTheModelsRecord() {
        Sweep sweep = sweeps.save(new Sweep("mapping", null, "{}", "{}", null, true, null, 1));
        Metaparameters design = new Metaparameters(64, 96, 4, 0.75, 0.25, io.squeezenet.dse.model.architecture.Bypass.COMPLEX);
        long id = trials.saveAndFlush(new Trial(sweep.getId(), design, 5, 1, 4, 1, 4, 16, "mapping", 3)).getId();
        assertThat(reload(id).getMetaparameters()).isEqualTo(design);
        String stored = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(
                "SELECT base_e || '/' || incr_e || '/' || freq || '/' || sr || '/' || pct_3x3 || '/' || bypass FROM trials"
                        + " WHERE id = ?", String.class, id);
        assertThat(stored).isEqualTo("64/96/4/0.75/0.25/complex");
    }

    /** A result is reused only from a trained trial (never a reuse) that kept what the reusing sweep asks for. */
    @Test
    void reuseTakesATrainedSourceThatKeptTheWeightsAndCompressionsAsked() {
        drain();
        Sweep sweep = sweeps.save(new Sweep("reuse", null, "{}", "{}", null, true, null, 1));
        long first = trials.saveAndFlush(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 7, 9, 36, 9, 36, 144,
                "same-key", 3)).getId();
        String deep = "{\"method\":\"deep\",\"density\":0.33,\"bits\":8,\"huffman\":false,\"finetune_epochs\":1}";
        String int8 = "{\"method\":\"int8\",\"finetune_epochs\":1}";
        Claim trained = queue.claim("w", LEASE).orElseThrow();
        assertThat(queue.complete(trained, 0.5, 0.9, "{}", new TrialOutputs(new byte[] {1, 2, 3},
                List.of("{\"compression\": " + deep + ", \"compressed_bytes\": 10}")))).isTrue();

        long second = trials.saveAndFlush(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 8, 9, 36, 9, 36, 144,
                "same-key", 3)).getId();
        Claim again = queue.claim("w", LEASE).orElseThrow();
        assertThat(again.trialId()).isEqualTo(second);
        assertThat(queue.completeFromEarlierResult(again, true, "[" + int8 + "]")).as("int8 was not measured").isEmpty();
        assertThat(queue.completeFromEarlierResult(again, true, "[" + deep + "]")).contains(first);

        long third = trials.saveAndFlush(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 9, 9, 36, 9, 36, 144,
                "same-key", 3)).getId();
        Claim third1 = queue.claim("w", LEASE).orElseThrow();
        assertThat(third1.trialId()).isEqualTo(third);
        assertThat(queue.completeFromEarlierResult(third1)).as("the trained one, not the reuse").contains(first);

        long bare = trials.saveAndFlush(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 10, 9, 36, 9, 36, 144,
                "bare-key", 3)).getId();
        assertThat(queue.complete(queue.claim("w", LEASE).orElseThrow(), 0.5, 0.9, "{}")).isTrue();
        trials.saveAndFlush(new Trial(sweep.getId(), Metaparameters.SQUEEZENET_V1_0, 11, 9, 36, 9, 36, 144, "bare-key", 3));
        Claim wantsWeights = queue.claim("w", LEASE).orElseThrow();
        assertThat(queue.completeFromEarlierResult(wantsWeights, true, "[]")).as("trial %d kept no weights", bare).isEmpty();
        assertThat(queue.completeFromEarlierResult(wantsWeights, false, "[]")).contains(bare);
    }

    /** An epoch whose progress write was lost (the database restarting) comes back with the result it belongs to. */
    @Test
    void theResultCarriesTheEpochsWhoseProgressWritesWereLost() {
        drain();
        sweepWith(42);
        Claim c = queue.claim("w", LEASE).orElseThrow();
        assertThat(queue.recordEpoch(c, 1, 2.0, 100, 0.2, 0.6)).isTrue();
        // epoch 2's write never arrived; epoch 1 was recorded already and keeps its row
        String result = "{\"top1\": 0.5, \"epochs\": [{\"epoch\": 1, \"train_loss\": 2.0, \"images_per_second\": 100,"
                + " \"top1\": 0.2, \"top5\": 0.6, \"seconds\": 1.0, \"rss_bytes\": 1}, {\"epoch\": 2, \"train_loss\": 1.5,"
                + " \"images_per_second\": 110, \"top1\": 0.5, \"top5\": 0.9, \"seconds\": 1.0, \"rss_bytes\": 1}]}";
        assertThat(queue.complete(c, 0.5, 0.9, result)).isTrue();
        assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(c.trialId()))
                .extracting(e -> e.getKey().claim() + "/" + e.getKey().epoch() + "/" + e.getTrainLoss())
                .containsExactly(c.token() + "/1/2.0", c.token() + "/2/1.5");
    }

    @Test
    void failuresRetryUntilMaxAttemptsAndPermanentOnesFailAtOnce() {
        drain();
        sweepWith(20);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Claim c = queue.claim("w", LEASE).orElseThrow();
            assertThat(c.attempt()).isEqualTo(attempt);
            assertThat(queue.fail(c, "boom " + attempt, false)).isTrue();
        }
        Trial failed = trials.findAll().stream().filter(t -> t.getParams() == 20).findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(TrialStatus.FAILED);
        assertThat(failed.getError()).isEqualTo("boom 3");
        assertThat(queue.claim("w", LEASE)).isEmpty();

        assertThat(queue.retryFailed(failed.getSweepId())).isEqualTo(1);
        Claim again = queue.claim("w", LEASE).orElseThrow();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(queue.fail(again, "dead network", true)).isTrue();
        assertThat(reload(again.trialId()).getStatus()).isEqualTo(TrialStatus.FAILED);
    }

    @Test
    void releaseDoesNotCountAnAttemptAndCancelStopsASweep() {
        drain();
        long sweep = sweepWith(30, 31, 32);
        Claim c = queue.claim("w", LEASE).orElseThrow();
        assertThat(queue.release(c)).isTrue();
        Claim again = queue.claim("w2", LEASE).orElseThrow();
        assertThat(again.trialId()).isEqualTo(c.trialId());
        assertThat(again.attempt()).isEqualTo(1);

        assertThat(queue.cancelSweep(sweep)).isEqualTo(3);
        assertThat(queue.heartbeat(again, LEASE)).as("a cancelled trial's worker stops").isFalse();
        assertThat(queue.claim("w", LEASE)).isEmpty();
        assertThat(trials.findBySweepIdOrderById(sweep)).allMatch(t -> t.getStatus() == TrialStatus.CANCELLED);
        assertThat(queue.depth()).isZero();
    }
}
