package io.squeezenet.dse.worker;

import io.squeezenet.dse.workerprocess.DseWorkerApplication;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.testing.RealPostgres;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpochRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.db.worker.WorkerRegistry;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** An in-process worker and worker processes on one real PostgreSQL, training at tiny scale. */
@SpringBootTest(classes = DseWorkerApplication.class, properties = {"dse.worker.enabled=true",
        "dse.worker.name=in-process", "dse.worker.lease=10s", "dse.worker.heartbeat=1s", "dse.worker.poll=2m"})
@Import(RealPostgres.class)
@Tag("e2e")
class WorkerLoopTest {

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
    WorkerRegistry registry;
    @Autowired
    JdbcConnectionDetails database;

    @Test
    void fourWorkersDrainTwentyFourTrialsEachExactlyOnce() throws Exception {
        try (WorkerProcess a = WorkerProcess.start(database, "proc-a");
             WorkerProcess b = WorkerProcess.start(database, "proc-b");
             WorkerProcess c = WorkerProcess.start(database, "proc-c")) {
            Trials.await("three worker processes register", Duration.ofMinutes(2),
                    () -> registry.list(Duration.ofSeconds(10)).size() >= 4);
            // enough trials that every worker claims several, each large enough to clear the chance check
            long sweep = Trials.queue(sweeps, trials, queue, 24, 2, 960);
            Trials.await("all 24 trials finish", Duration.ofMinutes(8), () -> trials.findBySweepIdOrderById(sweep)
                    .stream().allMatch(t -> t.getStatus().finished()));
            List<Trial> done = trials.findBySweepIdOrderById(sweep);
            assertThat(done).hasSize(24).allSatisfy(t -> {
                assertThat(t.getStatus()).as("trial %d: %s", t.getId(), t.getError()).isEqualTo(TrialStatus.SUCCEEDED);
                assertThat(t.getAttempt()).as("trial %d ran once", t.getId()).isEqualTo(1);
                assertThat(t.getResult()).contains("\"top5\"");
                assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(t.getId())).hasSize(2);
            });
            Map<String, Long> byWorker = done.stream().collect(Collectors.groupingBy(Trial::getWorker, Collectors.counting()));
            assertThat(byWorker.keySet()).as("trials per worker: %s", byWorker).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Autowired
    WorkerLoop worker;

    /**
     * A lifecycle may be stopped and started again (Spring's test contexts are paused while another runs): the worker
     * then trains again, instead of handing every trial it claims straight back as if still shutting down.
     */
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * A sweep with an ASHA pruner: three trials already at its first rung with top-1 1.0, then one the worker trains.
     * It stops at that rung (PRUNED, its epoch recorded, not retried) instead of training on.
     */
    @Test
    void aTrialBelowItsPeersAtARungIsPrunedThereAndNotRetried() {
        TrainingRecipe recipe = TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(320).testSubset(200)
                .inputSize(new InputShape(3, 12, 12)).epochs(3).batchSize(32).build();
        Sweep sweep = sweeps.save(new Sweep("pruned", null, "{}", JsonMapper.builder().build().writeValueAsString(recipe),
                null, false, null, 1).pruned("{\"name\": \"asha\", \"min_epochs\": 1, \"reduction\": 2}"));
        Metaparameters m = new Metaparameters(32, 32, 2, 0.25, 0.5, Bypass.NONE);
        Architecture a = Architecture.derive(m, recipe.stem(), recipe.inputSize(), 10);
        for (int peer = 0; peer < 3; peer++) {
            long id = jdbc.sql("""
                    INSERT INTO trials (sweep_id, base_e, incr_e, freq, sr, pct_3x3, bypass, seed, params, size_bytes,
                        imagenet_params, imagenet_size_bytes, recipe_key, max_attempts, status, claim, attempt, top1, top5)
                    VALUES (?, 32, 32, 2, 0.25, 0.5, 'none', ?, 1, 4, 1, 4, ?, 3, 'SUCCEEDED', ?, 1, 1.0, 1.0)
                    RETURNING id""").params(sweep.getId(), 100 + peer, "peer-" + sweep.getId() + "-" + peer, 900 + peer)
                    .query(Long.class).single();
            jdbc.sql("INSERT INTO trial_epochs (trial_id, claim, attempt, epoch, train_loss, images_per_second, top1, top5)"
                    + " VALUES (?, ?, 1, 1, 0.1, 100, 1.0, 1.0)").params(id, 900 + peer).update();
        }
        long trial = trials.save(new Trial(sweep.getId(), m, 7, a.params(), a.sizeBytes(), Architecture.imagenet(m).params(),
                Architecture.imagenet(m).sizeBytes(), a.trainingMemoryBytes(32), "pruned-" + sweep.getId(), 3)).getId();
        queue.notifyQueued(sweep.getId());
        Trials.await("the trial is pruned", Duration.ofMinutes(3),
                () -> trials.findById(trial).orElseThrow().getStatus().finished());
        Trial pruned = trials.findById(trial).orElseThrow();
        assertThat(pruned.getStatus()).as(pruned.getError()).isEqualTo(TrialStatus.PRUNED);
        assertThat(pruned.getPrunedAtEpoch()).isEqualTo(1);
        assertThat(pruned.getAttempt()).isEqualTo(1);
        assertThat(pruned.getError()).contains("ASHA", "outside the top 2 of 4");
        assertThat(pruned.getTop1()).isLessThan(1.0);
        assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(trial)).hasSize(1);
    }

    @Test
    void aStoppedWorkerStartedAgainTrains() throws Exception {
        worker.stop();
        worker.start();
        // large enough to clear the chance check, as in the first test
        long sweep = Trials.queue(sweeps, trials, queue, 1, 2, 960);
        Trials.await("the trial succeeds after the restart", Duration.ofMinutes(3),
                () -> Trials.all(trials, sweep, TrialStatus.SUCCEEDED));
        assertThat(trials.findBySweepIdOrderById(sweep).get(0).getAttempt()).as("claimed once, not handed back")
                .isEqualTo(1);
    }

    /** An idle worker is woken by the queue's NOTIFY: its poll (2 minutes here) could not claim the trial in time. */
    @Test
    void aNewTrialWakesAnIdleWorker() throws Exception {
        Trials.await("the queue is empty", Duration.ofMinutes(4), () -> queue.depth() == 0
                && trials.findAll().stream().noneMatch(t -> t.getStatus() == TrialStatus.RUNNING));
        long sweep = Trials.queue(sweeps, trials, queue, 1, 1, 32);
        Trials.await("the trial is claimed well before the next poll", Duration.ofSeconds(60),
                () -> !Trials.all(trials, sweep, TrialStatus.QUEUED));
    }

    @Test
    void anIdenticalTrialReusesAFinishedResultAndADeadNetworkFailsAtOnce() throws Exception {
        TrainingRecipe recipe = TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(960).testSubset(200)
                .inputSize(new InputShape(3, 12, 12)).epochs(2).batchSize(32).build();
        long first = Trials.queue(sweeps, trials, queue, 2, recipe, true);
        Trials.await("the first sweep succeeds", Duration.ofMinutes(3), () -> Trials.all(trials, first, TrialStatus.SUCCEEDED));
        long again = Trials.queue(sweeps, trials, queue, 2, recipe, true);
        Trials.await("the second sweep succeeds", Duration.ofMinutes(3), () -> Trials.all(trials, again, TrialStatus.SUCCEEDED));
        List<Trial> originals = trials.findBySweepIdOrderById(first);
        List<Trial> reused = trials.findBySweepIdOrderById(again);
        for (int i = 0; i < 2; i++) {
            assertThat(reused.get(i).getReusedFrom()).isEqualTo(originals.get(i).getId());
            assertThat(reused.get(i).getTop1()).isEqualTo(originals.get(i).getTop1());
            assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(reused.get(i).getId())).as("not trained again").isEmpty();
        }

        TrainingRecipe tooHot = recipe.withOptimizer(OptimizerKind.SGD, 5.0).withEpochs(2);
        long dead = Trials.queue(sweeps, trials, queue, 1, tooHot, false);
        Trials.await("the dead network's trial fails", Duration.ofMinutes(3), () -> Trials.all(trials, dead, TrialStatus.FAILED));
        Trial failed = trials.findBySweepIdOrderById(dead).get(0);
        assertThat(failed.getAttempt()).as("no retry can help: failed on the first attempt").isEqualTo(1);
        assertThat(failed.getError()).containsAnyOf("dead network", "diverged", "at chance");
    }

    /** A stored recipe with a field this code does not know fails its trial at once, naming it: never a default. */
    @Test
    void aStoredRecipeWithAnUnknownFieldFailsItsTrialInsteadOfTrainingWithADefault() throws Exception {
        io.squeezenet.dse.db.sweep.Sweep sweep = sweeps.save(new io.squeezenet.dse.db.sweep.Sweep("renamed", null, "{}",
                "{\"dataset\": \"synthetic\", \"train_subset\": 320, \"learning_rte\": 0.1, \"seeds\": [1]}", null, false, null, 1));
        trials.save(new Trial(sweep.getId(), new Metaparameters(32, 32, 2, 0.25, 0.5, Bypass.NONE), 1, 1, 4, 1, 4, 16, "renamed-1", 3));
        queue.notifyQueued(sweep.getId());
        Trials.await("the trial fails", Duration.ofMinutes(3), () -> Trials.all(trials, sweep.getId(), TrialStatus.FAILED));
        Trial failed = trials.findBySweepIdOrderById(sweep.getId()).get(0);
        assertThat(failed.getAttempt()).as("failed for good on its first attempt").isEqualTo(1);
        assertThat(failed.getError()).contains("learning_rte");
        assertThat(epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(failed.getId())).as("never trained").isEmpty();
    }

    @Test
    void cancellingASweepStopsItsRunningTrialWithinAnEpoch() throws Exception {
        long sweep = Trials.queue(sweeps, trials, queue, 1, 30, 320);
        long trialId = trials.findBySweepIdOrderById(sweep).get(0).getId();
        Trials.await("the first epoch is recorded", Duration.ofMinutes(3),
                () -> !epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(trialId).isEmpty());
        int before = epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(trialId).size();
        queue.cancelSweep(sweep);
        // a heartbeat (1 s) finds the claim gone and the trainer stops at its next batch: the worker, which trains
        // one trial at a time, then takes the next one
        long next = Trials.queue(sweeps, trials, queue, 1, 1, 320);
        Trials.await("the worker moves on to the next trial", Duration.ofMinutes(3), () -> trials
                .findBySweepIdOrderById(next).get(0).getStatus() != TrialStatus.QUEUED);
        int after = epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(trialId).size();
        assertThat(after).as("epochs recorded after the cancel").isLessThanOrEqualTo(before + 1);
        Trial trial = trials.findById(trialId).orElseThrow();
        assertThat(trial.getStatus()).isEqualTo(TrialStatus.CANCELLED);
        assertThat(trial.getResult()).isNull();
        assertThat(after).isLessThan(30);
    }
}
