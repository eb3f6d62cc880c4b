package io.squeezenet.dse.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.squeezenet.dse.db.artifact.TrialOutputs;
import io.squeezenet.dse.db.notify.ChannelListener;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.compression.CompressionResult;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.search.Pruner;
import io.squeezenet.dse.model.training.EpochMetrics;
import io.squeezenet.dse.model.training.Evaluation;
import io.squeezenet.dse.model.training.NetworkCompression;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.SqueezeNetTrainer;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.model.training.TrainedNetwork;
import io.squeezenet.dse.model.training.TrainingCancelledException;
import io.squeezenet.dse.model.training.TrainingFailedException;
import io.squeezenet.dse.model.training.TrainingProgress;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed trial to its end: reuse an identical finished result, or train it, recording each epoch; then
 * complete, fail (at once when retrying cannot help), or give it back. Every write goes through the queue with the
 * claim, so a worker that lost its lease writes nothing.
 */
@Component
public class TrialRunner {

    private static final Logger log = LoggerFactory.getLogger(TrialRunner.class);
    static final int MAX_ERROR = 2000;

    /** How a run ended, for the loop's metrics. */
    public enum Outcome { SUCCEEDED, REUSED, FAILED, RELEASED, LOST, PRUNED }

    /** Thrown out of the training loop when the sweep's pruner stops the trial at an epoch. */
    private static final class Pruned extends RuntimeException {
        final EpochMetrics at;

        Pruned(EpochMetrics at, String reason) {
            super(reason, null, false, false);
            this.at = at;
        }
    }

    private final TrialQueue queue;
    private final TrialRepository trials;
    private final SweepRepository sweeps;
    private final MeterRegistry metrics;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicReference<Double> lastImagesPerSecond = new AtomicReference<>(0.0);
    /** The largest training estimate this process has run: what PyTorch's allocator may still hold for it. */
    private final java.util.concurrent.atomic.AtomicLong largestTrainingBytes = new java.util.concurrent.atomic.AtomicLong();

    public TrialRunner(TrialQueue queue, TrialRepository trials, SweepRepository sweeps, MeterRegistry metrics) {
        this.queue = queue;
        this.trials = trials;
        this.sweeps = sweeps;
        this.metrics = metrics;
        metrics.gauge("dse.worker.images.per.second", lastImagesPerSecond, AtomicReference::get);
    }

    /**
     * @param lost     true once the claim is no longer ours (lease lost, trial cancelled): stop, write nothing
     * @param stopping true when this process shuts down: stop and give the trial back
     */
    public Outcome run(Claim claim, int threads, String device, BooleanSupplier lost, BooleanSupplier stopping) {
        Trial trial = trials.findById(claim.trialId()).orElseThrow();
        Sweep sweep = sweeps.findById(trial.getSweepId()).orElseThrow();
        if (trial.getTrainingBytes() != null) {
            largestTrainingBytes.accumulateAndGet(trial.getTrainingBytes(), Math::max);
        }
        boolean keepWeights = sweep.isKeepWeights();
        if (sweep.isReuseResults()) {
            // a source is reused only if it kept what this sweep asks for: weights, compressions
            var source = queue.completeFromEarlierResult(claim, keepWeights, sweep.getCompression());
            if (source.isPresent()) {
                log.info("trial {} reuses the result of identical trial {}", claim.trialId(), source.get());
                return Outcome.REUSED;
            }
        }
        long started = System.nanoTime();
        Path weights = null;
        try {
            TrainingRecipe recipe = SweepTraining.read(sweep.getTraining()).recipe().withSeed(trial.getSeed());
            Placement placement = new Placement(threads, device);   // this worker thread's share and device
            List<CompressionSpec> compression = CompressionSpec.readList(sweep.getCompression());
            weights = keepWeights || !compression.isEmpty()
                    ? Files.createTempFile("dse-trial-" + claim.trialId() + "-", ".params") : null;
            Pruner pruner = Pruner.read(sweep.getPruner());
            // loaded once: the training and then the compressions use the same split
            Split data = TrainedNetwork.dataFor(recipe);
            TrialResult result = new SqueezeNetTrainer(placement).train(trial.getMetaparameters(), recipe, data, new TrainingProgress() {
                @Override
                public void epoch(EpochMetrics e, int epochs) {
                    try {
                        queue.recordEpoch(claim, e.epoch(), e.trainLoss(), e.imagesPerSecond(), e.top1(), e.top5());
                    } catch (RuntimeException unrecorded) {
                        // progress, not the result: a database blip costs this row, not the training so far
                        log.warn("trial {} epoch {} not recorded ({})", claim.trialId(), e.epoch(), unrecorded.getMessage());
                    }
                    lastImagesPerSecond.set(e.imagesPerSecond());
                    if (pruner != null) {
                        List<Pruner.Peer> peers;
                        try {
                            peers = queue.peers(claim.sweepId(), claim.trialId(), e.epoch());
                        } catch (RuntimeException unread) {
                            // without the others' epochs there is nothing to judge by: train on
                            log.warn("trial {} epoch {}: the pruner could not read the other trials ({})",
                                    claim.trialId(), e.epoch(), unread.getMessage());
                            return;
                        }
                        Optional<String> stop = pruner.decide(e.epoch(), epochs,
                                new Pruner.Peer(e.top1(), trial.getSizeBytes()), peers);
                        if (stop.isPresent()) {
                            throw new Pruned(e, stop.get());
                        }
                    }
                }
            }, () -> lost.getAsBoolean() || stopping.getAsBoolean(), weights);
            TrialOutputs outputs = outputs(claim, result, recipe, placement, data, weights, keepWeights, compression,
                    () -> lost.getAsBoolean() || stopping.getAsBoolean());
            boolean written = write(claim, result, outputs, () -> lost.getAsBoolean() || stopping.getAsBoolean());
            metrics.timer("dse.worker.trial.duration").record(java.time.Duration.ofNanos(System.nanoTime() - started));
            return written ? Outcome.SUCCEEDED : Outcome.LOST;
        } catch (Pruned p) {
            log.info("trial {} attempt {}: {}", claim.trialId(), claim.attempt(), p.getMessage());
            return queue.prune(claim, p.at.epoch(), p.at.top1(), p.at.top5(), p.getMessage()) ? Outcome.PRUNED
                    : Outcome.LOST;
        } catch (TrainingCancelledException e) {
            if (lost.getAsBoolean()) {
                log.info("trial {} attempt {} stopped: its claim is no longer current (cancelled or lease lost)",
                        claim.trialId(), claim.attempt());
                return Outcome.LOST;
            }
            queue.release(claim);
            log.info("trial {} released to the queue on shutdown", claim.trialId());
            return Outcome.RELEASED;
        } catch (TrainingFailedException | InvalidFieldException e) {
            // retrying cannot change a dead network or an invalid recipe: fail now
            queue.fail(claim, describe(e), true);
            return Outcome.FAILED;
        } catch (tools.jackson.core.JacksonException e) {
            // nor a stored recipe this code cannot read (a field renamed, say): training it with a default instead
            // would give a result for a recipe nobody asked for
            queue.fail(claim, "the sweep's stored training is not a recipe this worker can read: "
                    + e.getOriginalMessage(), true);
            return Outcome.FAILED;
        } catch (RuntimeException | IOException e) {
            log.warn("trial {} attempt {} failed: {}", claim.trialId(), claim.attempt(), describe(e));
            queue.fail(claim, describe(e), false);
            return Outcome.FAILED;
        } catch (Error e) {
            // OutOfMemoryError, StackOverflowError, a native crash surfaced as an Error: the trial's own doing (its
            // design, input or batch), so it fails for good; the stack has unwound and the worker serves on
            log.error("trial {} attempt {} ended the trainer with {}", claim.trialId(), claim.attempt(), describe(e));
            queue.fail(claim, describe(e) + (e instanceof OutOfMemoryError ? "; the worker ran out of memory: try a"
                    + " smaller input_size, batch_size or train_subset, or give the worker more (DSE_JAVA_OPTS=-Xmx...)"
                    : ""), true);
            return Outcome.FAILED;
        } finally {
            deleteQuietly(weights);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not delete the temporary weights file {}: {}", file, e.getMessage());
            }
        }
    }

    public long largestTrainingBytes() {
        return largestTrainingBytes.get();
    }

    /**
     * Writes a trained result, retrying with backoff while the claim can still be ours: a database restarting must
     * not cost a trained trial an attempt. Gives up once the claim is lost (refused, or its lease ran out) or the
     * process is stopping; the lease then lapses and another attempt trains it.
     */
    private boolean write(Claim claim, TrialResult result, TrialOutputs outputs, BooleanSupplier giveUp) {
        String json = this.json.writeValueAsString(result);
        long backoff = 250;
        while (true) {
            try {
                return queue.complete(claim, result.top1(), result.top5(), json, outputs);
            } catch (RuntimeException e) {
                if (giveUp.getAsBoolean()) {
                    log.warn("trial {} attempt {}: its result could not be written before its lease ran out ({})",
                            claim.trialId(), claim.attempt(), e.getMessage());
                    return false;
                }
                log.warn("trial {} attempt {}: writing its result failed ({}); retrying in {} ms", claim.trialId(),
                        claim.attempt(), e.getMessage(), backoff);
                ChannelListener.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /**
     * The weights to keep and the sweep's compressions measured on them, one after another on the trained network's
     * file and the trial's test split; the trial's own top-1/top-5 are the accuracy before compression.
     */
    private TrialOutputs outputs(Claim claim, TrialResult result, TrainingRecipe recipe, Placement placement, Split data,
                                 Path weights, boolean keepWeights, List<CompressionSpec> compression,
                                 BooleanSupplier cancelled)
            throws IOException {
        if (weights == null) {
            return TrialOutputs.NONE;
        }
        List<String> measured = new ArrayList<>();
        if (!compression.isEmpty()) {
            var before = new Evaluation.TopK(result.top1(), result.top5(), result.testImages());
            for (CompressionSpec spec : compression) {
                try {
                    CompressionResult c = NetworkCompression.run(weights, spec, data, recipe, placement, recipe.batchSize(), before,
                            TrainingProgress.NONE, cancelled, null).result();
                    log.info("trial {}: {} -> {} bytes ({}x), top-1 {} compressed, {} after fine-tune", claim.trialId(),
                            spec.label(), c.compressedBytes(), String.format(Locale.ROOT, "%.1f", c.reduction()),
                            c.top1Compressed(), c.top1Finetuned());
                    measured.add(json.writeValueAsString(c));
                } catch (TrainingCancelledException stop) {
                    throw stop;
                } catch (RuntimeException failed) {
                    // a fine-tune that diverged costs that measurement, not the trained trial: Table 2 counts it out
                    log.warn("trial {}: {} failed, so it has no measurement: {}", claim.trialId(), spec.label(),
                            describe(failed));
                }
            }
        }
        return new TrialOutputs(keepWeights ? Files.readAllBytes(weights) : null, measured);
    }

    /** The message and a short cause chain, as stored on the trial. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < MAX_ERROR; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.length() > MAX_ERROR ? sb.substring(0, MAX_ERROR) : sb.toString();
    }
}
