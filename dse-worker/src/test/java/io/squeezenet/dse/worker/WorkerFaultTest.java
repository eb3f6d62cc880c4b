package io.squeezenet.dse.worker;

import io.squeezenet.dse.workerprocess.DseWorkerApplication;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.testing.RealPostgres;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpoch;
import io.squeezenet.dse.db.trial.TrialEpochRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Worker processes killed and stopped in the middle of a trial; this JVM only watches the database. */
@SpringBootTest(classes = DseWorkerApplication.class, properties = "dse.worker.enabled=false")
@Import(RealPostgres.class)
@Tag("e2e")
class WorkerFaultTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        RealPostgres.dataDir(registry);
    }

    @Autowired
    SweepRepository sweeps;
    @Autowired
    TrialRepository trials;
    @Autowired
    TrialEpochRepository epochs;
    @Autowired
    TrialQueue queue;
    @Autowired
    JdbcConnectionDetails database;

    List<TrialEpoch> epochsOf(long trialId) {
        return epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(trialId);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /**
     * Makes one kind of write fail inside the database, as a restarting server would, until {@link #heal}:
     * {@code result} (a trial's completion) or {@code heartbeat} (a lease renewal).
     */
    void breakWrites(String kind) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS test_faults (kind text PRIMARY KEY)");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger AS $$
                BEGIN
                    IF OLD.status = 'RUNNING' AND NEW.status = 'SUCCEEDED'
                            AND EXISTS (SELECT 1 FROM test_faults WHERE kind = 'result') THEN
                        RAISE EXCEPTION 'injected fault: the database is restarting';
                    END IF;
                    IF OLD.status = 'RUNNING' AND NEW.status = 'RUNNING'
                            AND NEW.lease_expires_at IS DISTINCT FROM OLD.lease_expires_at
                            AND EXISTS (SELECT 1 FROM test_faults WHERE kind = 'heartbeat') THEN
                        RAISE EXCEPTION 'injected fault: the database is restarting';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("DROP TRIGGER IF EXISTS test_fault ON trials");
        jdbc.execute("CREATE TRIGGER test_fault BEFORE UPDATE ON trials FOR EACH ROW EXECUTE FUNCTION test_fault()");
        jdbc.update("INSERT INTO test_faults VALUES (?) ON CONFLICT DO NOTHING", kind);
    }

    void heal(String kind) {
        jdbc.update("DELETE FROM test_faults WHERE kind = ?", kind);
    }

    /**
     * A claim committed whose reply never reached the worker (the connection dropped): the trial is RUNNING under the
     * worker's name but no thread runs it. The worker finds it and gives it back uncounted instead of letting its
     * lease run out.
     */
    @Test
    void aClaimWhoseReplyWasLostIsGivenBackNotLeftToExpire() throws Exception {
        long sweep = Trials.queue(sweeps, trials, queue, 1, 2, 960);
        long id = trials.findBySweepIdOrderById(sweep).get(0).getId();
        // what the lost claim left behind: RUNNING for "reconciler", attempt 1, a lease far in the future
        jdbc.update("""
                UPDATE trials SET status = 'RUNNING', attempt = 1, claim = nextval('trial_claims'), worker = 'reconciler',
                    worker_instance = 'reconciler-run',
                    started_at = now() - interval '1 minute', lease_expires_at = now() + interval '1 hour'
                WHERE id = ?""", id);
        try (WorkerProcess worker = WorkerProcess.start(database, "reconciler",
                "-Ddse.worker.instance=reconciler-run")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> trials.findById(id).orElseThrow().getStatus() == TrialStatus.SUCCEEDED);
            assertThat(trials.findById(id).orElseThrow().getAttempt()).as("the lost claim cost no attempt").isEqualTo(1);
        }
    }

    /** A trained result whose write fails is written again once the database answers: not failed, not re-run. */
    @Test
    void aResultWhoseWriteFailsIsWrittenLaterNotThrownAway() throws Exception {
        breakWrites("result");
        long sweep = Trials.queue(sweeps, trials, queue, 1, 2, 960);
        long id = trials.findBySweepIdOrderById(sweep).get(0).getId();
        try (WorkerProcess worker = WorkerProcess.start(database, "patient")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> epochsOf(id).size() == 2);
            // trained, and its write failing: the claim is kept (heartbeats still renew it), not failed or released
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> {
                Trial t = trials.findById(id).orElseThrow();
                return t.getStatus() == TrialStatus.RUNNING && t.getAttempt() == 1;
            });
            heal("result");
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                    .until(() -> trials.findById(id).orElseThrow().getStatus() == TrialStatus.SUCCEEDED);
            Trial done = trials.findById(id).orElseThrow();
            assertThat(done.getAttempt()).isEqualTo(1);
            assertThat(done.getWorker()).isEqualTo("patient");
            assertThat(epochsOf(id)).hasSize(2);
        } finally {
            heal("result");
        }
    }

    /**
     * Heartbeats that throw renew nothing: when the lease runs out the worker stops the trial and writes nothing
     * (another worker may hold it by then), so the trial succeeds only under a later claim.
     */
    @Test
    void aWorkerWhoseHeartbeatsFailStopsWhenItsLeaseRunsOut() throws Exception {
        breakWrites("heartbeat");
        long sweep = Trials.queue(sweeps, trials, queue, 1, 40, 960);   // far longer than the 4 s lease
        long id = trials.findBySweepIdOrderById(sweep).get(0).getId();
        try (WorkerProcess worker = WorkerProcess.start(database, "cut-off")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Trial t = trials.findById(id).orElseThrow();
                        return t.getAttempt() >= 2 || t.getStatus().finished();
                    });
            heal("heartbeat");
            Trial first = trials.findById(id).orElseThrow();
            assertThat(first.getStatus()).as("the first claim never completed").isNotEqualTo(TrialStatus.SUCCEEDED);
            assertThat(first.getAttempt()).isGreaterThanOrEqualTo(2);
        } finally {
            heal("heartbeat");
            queue.cancelSweep(sweep);   // its 40 epochs would hold up the next test's worker
        }
    }

    /**
     * A trial that throws an Error (here a real OutOfMemoryError: 2,000 images of 3x512x512 in a 384 MB heap) fails
     * for good with the reason, and the same worker goes on to train the next trial.
     */
    @Test
    void anErrorFailsItsTrialAndTheWorkerServesOn() throws Exception {
        long huge = Trials.queue(sweeps, trials, queue, 1, io.squeezenet.dse.model.training.TrainingRecipe
                .builder(io.squeezenet.dse.model.dataset.DatasetKind.SYNTHETIC).trainSubset(2000).testSubset(200)
                .inputSize(new io.squeezenet.dse.model.architecture.InputShape(3, 512, 512)).epochs(1).batchSize(32).build(),
                false);
        long hugeTrial = trials.findBySweepIdOrderById(huge).get(0).getId();
        try (WorkerProcess worker = WorkerProcess.start(database, "small-heap", "-Xmx384m")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> trials.findById(hugeTrial).orElseThrow().getStatus() == TrialStatus.FAILED);
            Trial failed = trials.findById(hugeTrial).orElseThrow();
            assertThat(failed.getError()).contains("OutOfMemoryError", "ran out of memory");
            assertThat(failed.getAttempt()).as("failed for good, not retried").isEqualTo(1);

            long next = Trials.queue(sweeps, trials, queue, 1, 2, 960);
            long nextTrial = trials.findBySweepIdOrderById(next).get(0).getId();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3))
                    .until(() -> trials.findById(nextTrial).orElseThrow().getStatus().finished());
            assertThat(trials.findById(nextTrial).orElseThrow().getStatus()).isEqualTo(TrialStatus.SUCCEEDED);
            assertThat(trials.findById(nextTrial).orElseThrow().getWorker()).isEqualTo("small-heap");
        }
    }

    @Test
    void aKilledWorkersTrialIsRerunAfterItsLeaseAndAStoppedWorkerGivesItsTrialBack() throws Exception {
        // SIGKILL in the middle of a trial: another worker re-runs it once the lease expires
        long sweep = Trials.queue(sweeps, trials, queue, 1, 4, 960);
        long killedTrial = trials.findBySweepIdOrderById(sweep).get(0).getId();
        WorkerProcess victim = WorkerProcess.start(database, "victim");
        Trials.await("the victim records an epoch", Duration.ofMinutes(2), () -> !epochsOf(killedTrial).isEmpty());
        victim.kill();
        assertThat(trials.findById(killedTrial).orElseThrow().getStatus()).isEqualTo(TrialStatus.RUNNING);

        try (WorkerProcess rescuer = WorkerProcess.start(database, "rescuer")) {
            Trials.await("the killed trial succeeds", Duration.ofMinutes(2),
                    () -> trials.findById(killedTrial).orElseThrow().getStatus() == TrialStatus.SUCCEEDED);
            Trial rerun = trials.findById(killedTrial).orElseThrow();
            assertThat(rerun.getAttempt()).isGreaterThanOrEqualTo(2);
            assertThat(rerun.getWorker()).isEqualTo("rescuer");
            assertThat(rerun.getResult()).contains("\"top1\"");
            assertThat(epochsOf(killedTrial)).filteredOn(e -> e.getAttempt() == rerun.getAttempt()).hasSize(4);

            // SIGTERM in the middle of a trial: the worker releases it (not a failed attempt) and exits
            long longSweep = Trials.queue(sweeps, trials, queue, 1, 12, 640);
            long stoppedTrial = trials.findBySweepIdOrderById(longSweep).get(0).getId();
            Trials.await("the rescuer records an epoch of the long trial", Duration.ofMinutes(2),
                    () -> !epochsOf(stoppedTrial).isEmpty());
            assertThat(rescuer.terminate()).as("exit status after SIGTERM").isIn(0, 143);
            Trial released = trials.findById(stoppedTrial).orElseThrow();
            assertThat(released.getStatus()).isEqualTo(TrialStatus.QUEUED);
            assertThat(released.getAttempt()).as("a release is not a failed attempt").isZero();
            assertThat(released.getError()).isNull();

            try (WorkerProcess finisher = WorkerProcess.start(database, "finisher")) {
                Trials.await("another worker completes the released trial", Duration.ofMinutes(2),
                        () -> trials.findById(stoppedTrial).orElseThrow().getStatus() == TrialStatus.SUCCEEDED);
                Trial finished = trials.findById(stoppedTrial).orElseThrow();
                assertThat(finished.getWorker()).isEqualTo("finisher");
                assertThat(finished.getAttempt()).isEqualTo(1);
            }
        }
    }
}
