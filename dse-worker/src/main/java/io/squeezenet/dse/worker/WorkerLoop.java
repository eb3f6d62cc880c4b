package io.squeezenet.dse.worker;

import io.squeezenet.dse.db.notify.ChannelListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.worker.WorkerRegistry;
import io.squeezenet.dse.model.training.Devices;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker: N threads that each claim a trial, run it and claim the next; a scheduler that renews the leases of
 * running trials, reaps expired leases of any worker and keeps this worker's row alive; and a listener that wakes
 * idle threads when trials are queued. Stateless: everything that matters is in PostgreSQL.
 */
@Component
@ConditionalOnProperty(name = "dse.worker.enabled", havingValue = "true")
public class WorkerLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    /**
     * A running trial: its claim, whether the claim is still ours, and until when its lease surely holds (System
     * nanoTime; renewed from the moment a successful heartbeat was sent, so it never outlives the server's lease).
     */
    record Running(Claim claim, AtomicBoolean lost, AtomicLong leaseHolds) {

        /**
         * Whether the trial must stop: its claim was refused, or its lease runs out within {@code margin} without a
         * renewal. Checked by the trainer at every batch, so a worker cut off from the database stops before the
         * server's lease can expire and hand the trial to another worker: two workers never train it at once.
         */
        boolean mustStop(long marginNanos) {
            return lost.get() || System.nanoTime() - (leaseHolds.get() - marginNanos) > 0;
        }
    }

    private final WorkerSettings settings;
    /** This process's identity on its claims: names may repeat, this does not. */
    private final String instance = System.getProperty("dse.worker.instance", java.util.UUID.randomUUID().toString());
    private final TrialQueue queue;
    private final WorkerRegistry registry;
    private final TrialRunner runner;
    private final DataSource dataSource;
    private final MeterRegistry metrics;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /**
     * Claim tokens of runs that ended in a thread (token to System nanoTime at the end), kept for two leases: a run
     * that stopped without a final write (lease lost, database away) is still RUNNING in the database until its lease
     * expires, and must not be mistaken for a claim whose reply never arrived and be given back uncounted.
     */
    private final Map<Long, Long> ended = new ConcurrentHashMap<>();
    /**
     * DJL's PyTorch engine trains one model at a time per process (its GradientCollector is process-wide), so a
     * thread holds the slot from claim to result; parallel trials need more worker processes (one per GPU).
     */
    private final Semaphore trainingSlot = new Semaphore(1);
    private final Object idle = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean claiming;
    private volatile boolean stopping;
    private ScheduledExecutorService scheduler;
    private ChannelListener listener;

    public WorkerLoop(WorkerSettings settings, TrialQueue queue, WorkerRegistry registry, TrialRunner runner,
                      DataSource dataSource, MeterRegistry metrics) {
        this.settings = settings;
        this.queue = queue;
        this.registry = registry;
        this.runner = runner;
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        int gpus = Devices.gpuCount();
        int count = settings.threadsFor(gpus);
        // one trial trains at a time here (see trainingSlot): it gets this process's share of the cores
        WorkerLayout layout = settings.layout();
        int trialThreads = layout.trialThreads();
        boolean auto = settings.device().equals("auto");
        registry.register(settings.name(), host(), count, !auto ? settings.device() : gpus > 0 ? gpus + " gpu" : "cpu");
        metrics.gauge("dse.queue.depth", queue, q -> safe(q::depth));
        metrics.gauge("dse.workers.alive", registry, r -> safe(() -> r.alive(settings.lease())));
        // a lifecycle may stop and start again (Spring pauses idle contexts): a stop's flag must not outlive it, or
        // every trial claimed after the restart is handed straight back as if shutting down
        threads.removeIf(t -> !t.isAlive());
        if (!threads.isEmpty()) {
            // a trainer that outlived the stop's joins would claim again beside the new threads
            throw new IllegalStateException("worker " + settings.name() + ": " + threads.size()
                    + " thread(s) of the previous start are still running");
        }
        stopping = false;
        claiming = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dse-heartbeat"));
        scheduler.scheduleWithFixedDelay(this::heartbeat, settings.heartbeat().toMillis(), settings.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        // newly queued trials wake idle threads at once instead of at their next poll
        listener = new ChannelListener(dataSource, TrialQueue.CHANNEL, payloads -> wake(), this::wake, () -> { })
                .startOn("dse-queue-listener");
        for (int i = 0; i < count; i++) {
            String device = !auto ? settings.device() : count == 1 ? layout.device(0) : gpus > 0 ? "gpu:" + (i % gpus) : "cpu";
            Thread t = new Thread(() -> work(trialThreads, device), "dse-worker-" + i);
            threads.add(t);
            t.start();
        }
        log.info("worker {} started: {} thread(s) on {}, {} intra-op thread(s) per trial, lease {}, heartbeat {}",
                settings.name(), count, !auto ? settings.device() : gpus > 0 ? gpus + " GPU(s)" : "the CPU", trialThreads,
                settings.lease(), settings.heartbeat());
        if (count > 1) {
            log.warn("DJL trains one model at a time per process: the {} threads take turns; for trials side by side"
                    + " run more worker processes (dse up --workers N, or more dse worker)", count);
        }
    }

    private void work(int trialThreads, String device) {
        while (claiming) {
            if (!acquire()) {
                continue;
            }
            try {
                claimAndRun(trialThreads, device);
            } finally {
                trainingSlot.release();
            }
        }
    }

    private boolean acquire() {
        try {
            return trainingSlot.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void claimAndRun(int trialThreads, String device) {
        Optional<Claim> claim;
        long asked = System.nanoTime();
        long budget = Long.MAX_VALUE;
        try {
            budget = memoryBudget(device);
            claim = queue.claim(settings.name(), instance, settings.lease(), budget);
        } catch (RuntimeException e) {
            // the database is away: back off and try again, nothing is lost
            log.warn("claim failed ({}); retrying", e.getMessage());
            pause(Math.min(settings.poll().toMillis(), 2000));
            return;
        }
        if (claim.isEmpty()) {
            // on a shared GPU memory frees when another process's trial ends, which no notification announces
            pause(budget == Long.MAX_VALUE ? settings.poll().toMillis() : Math.min(settings.poll().toMillis(), 2000));
            return;
        }
        Running r = new Running(claim.get(), new AtomicBoolean(), new AtomicLong(asked + settings.lease().toNanos()));
        running.put(r.claim().trialId(), r);
        metrics.counter("dse.worker.trials", "outcome", "claimed").increment();
        // these two lines bound the claim's run: the chaos test checks no two runs of a trial overlap
        log.info("trial {} attempt {} claim {} started", r.claim().trialId(), r.claim().attempt(), r.claim().token());
        TrialRunner.Outcome outcome = null;
        try {
            long margin = settings.heartbeat().toNanos();
            outcome = runner.run(r.claim(), trialThreads, device, () -> r.mustStop(margin), () -> stopping);
            metrics.counter("dse.worker.trials", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        } catch (RuntimeException | Error e) {
            // the database went away mid-trial (or an Error escaped while recording one): the lease will expire and
            // another attempt will run it; this thread keeps serving either way
            log.warn("trial {} attempt {} could not be recorded ({}); its lease will expire", r.claim().trialId(),
                    r.claim().attempt(), e.toString());
            pause(1000);
        } finally {
            running.remove(r.claim().trialId());
            ended.put(r.claim().token(), System.nanoTime());
            log.info("trial {} attempt {} claim {} ended: {}", r.claim().trialId(), r.claim().attempt(),
                    r.claim().token(), outcome == null ? "unrecorded" : outcome.name().toLowerCase(Locale.ROOT));
        }
    }

    /** What a claim on {@code device} may take: anything on the CPU; on a GPU, what fits its free memory now. */
    private long memoryBudget(String device) {
        if (!device.startsWith("gpu")) {
            return Long.MAX_VALUE;
        }
        return GpuAdmission.DEFAULT.budget(ai.djl.util.cuda.CudaUtils.getGpuMemory(Devices.resolve(device)),
                runner.largestTrainingBytes());
    }

    /**
     * Renews leases (a refused renewal means the claim is gone: stop that trial), reaps expired leases, says alive.
     * A renewal that throws (the database away) renews nothing: once the last renewal's lease has run out the trial
     * stops and writes nothing, for by then another worker may hold it.
     */
    private void heartbeat() {
        try {
            renewAndReap();
        } catch (Throwable t) {
            // anything escaping a scheduled task cancels every later run: the leases would silently lapse
            log.error("heartbeat failed: {}", t.toString());
        }
    }

    private void renewAndReap() {
        for (Running r : running.values()) {
            long sent = System.nanoTime();
            try {
                if (queue.heartbeat(r.claim(), settings.lease())) {
                    r.leaseHolds().set(sent + settings.lease().toNanos());
                } else {
                    r.lost().set(true);
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() - r.leaseHolds().get() > 0 && !r.lost().getAndSet(true)) {
                    log.warn("trial {} attempt {}: its lease ran out without a renewal ({}); stopping it",
                            r.claim().trialId(), r.claim().attempt(), e.getMessage());
                }
            }
        }
        try {
            long forgetBefore = System.nanoTime() - settings.lease().multipliedBy(2).toNanos();
            ended.values().removeIf(at -> at - forgetBefore < 0);
            List<Long> ran = new ArrayList<>(ended.keySet());
            running.values().forEach(r -> ran.add(r.claim().token()));
            List<Long> orphans = queue.releaseOrphans(instance, ran, settings.heartbeat().multipliedBy(2));
            if (!orphans.isEmpty()) {
                log.info("gave back trials {}: claimed under this worker's name, but the claim's reply never arrived",
                        orphans);
                wake();
            }
            List<Long> requeued = queue.requeueExpired();
            if (!requeued.isEmpty()) {
                log.info("requeued trials {} whose workers stopped heartbeating", requeued);
                metrics.counter("dse.worker.trials", "outcome", "requeued").increment(requeued.size());
                wake();
            }
            registry.heartbeat(settings.name());
        } catch (RuntimeException e) {
            log.warn("heartbeat failed ({}); the lease of {} running trial(s) holds until it runs out", e.getMessage(),
                    running.size());
        }
    }

    private void wake() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private void pause(long millis) {
        synchronized (idle) {
            try {
                if (claiming) {
                    idle.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Graceful: stop claiming, let running trials finish within the grace period, then give them back. */
    @Override
    public void stop() {
        claiming = false;
        wake();
        long deadline = System.nanoTime() + settings.grace().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            ChannelListener.sleep(100);
        }
        stopping = true;   // trainers stop at the next batch and release their claims
        for (Thread t : threads) {
            try {
                t.join(settings.grace().toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listener.stop();
        scheduler.shutdownNow();
        log.info("worker {} stopped", settings.name());
    }

    @Override
    public boolean isRunning() {
        return claiming;
    }

    /** Stops before the datasource closes, so released trials reach the database. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static double safe(java.util.function.LongSupplier value) {
        try {
            return value.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
