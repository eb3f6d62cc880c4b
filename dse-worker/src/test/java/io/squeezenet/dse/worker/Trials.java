package io.squeezenet.dse.worker;

import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.json.JsonMapper;

/** Queues sweeps of tiny trials on the synthetic data, as the API would, for the worker tests. */
final class Trials {

    private Trials() {
    }

    /**
     * A sweep of {@code count} trials (distinct seeds) training {@code epochs} epochs on 12x12 synthetic images,
     * tested on 200 (a trial at chance fails, and 200 test images put chance at 0.14: 960 images x 2 epochs clear it).
     */
    static long queue(SweepRepository sweeps, TrialRepository trials, TrialQueue queue, int count, int epochs, int images) {
        return queue(sweeps, trials, queue, count, TrainingRecipe.builder(DatasetKind.SYNTHETIC)
                .trainSubset(images).testSubset(200).inputSize(new InputShape(3, 12, 12)).epochs(epochs).batchSize(32).build(),
                false);
    }

    /** Trials of one recipe; with {@code reuse}, keys depend only on the recipe and seed, as the API makes them. */
    static long queue(SweepRepository sweeps, TrialRepository trials, TrialQueue queue, int count, TrainingRecipe recipe,
                      boolean reuse) {
        Sweep sweep = sweeps.save(new Sweep("worker test", null, "{}",
                JsonMapper.builder().build().writeValueAsString(recipe), null, reuse, null, 1));
        Metaparameters m = new Metaparameters(32, 32, 2, 0.25, 0.5, io.squeezenet.dse.model.architecture.Bypass.NONE);
        Architecture a = Architecture.derive(m, recipe.stem(), recipe.inputSize(), 10);
        List<Trial> list = new ArrayList<>();
        for (int seed = 0; seed < count; seed++) {
            list.add(new Trial(sweep.getId(), new Metaparameters(32, 32, 2, 0.25, 0.5, Bypass.NONE), seed, a.params(), a.sizeBytes(),
                    Architecture.imagenet(m).params(), Architecture.imagenet(m).sizeBytes(), a.trainingMemoryBytes(recipe.batchSize()),
                    (reuse ? "recipe-" + recipe.hashCode() : "sweep-" + sweep.getId()) + "-" + seed, 3));
        }
        trials.saveAll(list);
        queue.notifyQueued(sweep.getId());
        return sweep.getId();
    }

    static boolean all(TrialRepository trials, long sweepId, TrialStatus status) {
        return trials.findBySweepIdOrderById(sweepId).stream().allMatch(t -> t.getStatus() == status);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }
}
