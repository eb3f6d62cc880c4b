package io.squeezenet.dse.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a worker process behaves ({@code dse.worker.*}). A lease must outlive several heartbeats, or a slow
 * heartbeat would hand a healthy trial to another worker.
 *
 * @param enabled    run the worker loop in this process ({@code dse up --workers N} and {@code dse worker})
 * @param name       shown on the trials it runs; default host and pid, unique per process
 * @param threads    trials this process takes turns on; 0 means one per GPU DJL sees, else one
 * @param processes  trials at once on this machine, each in a worker process: this one and the others it starts
 *                   ({@link WorkerProcesses}); 0 means the measured best for the machine ({@link WorkerLayout#auto}),
 *                   which the commands ask for; unset, this process alone (an application embedding the worker)
 * @param trialThreads PyTorch intra-op threads per trial; 0 means this process's share of the cores
 * @param device     {@code auto} (one GPU per thread, else the CPU), {@code cpu} or {@code gpu:N} (every trial of
 *                   this process on that GPU, claiming only trials whose memory estimate fits: {@link GpuAdmission})
 * @param lease      how long a claim holds without a heartbeat
 * @param heartbeat  how often a running trial renews its lease (and expired leases are reaped)
 * @param poll       the slow poll for new trials when no notification arrives
 * @param grace      on shutdown, how long a running trial may finish before it is released to the queue
 */
@ConfigurationProperties("dse.worker")
public record WorkerSettings(boolean enabled, String name, int threads, Integer processes, int trialThreads,
                             String device, Duration lease, Duration heartbeat, Duration poll, Duration grace) {

    /** Where {@code dse worker} finds its database when no --db-url is given: how a service hands it to its children. */
    public static final String DB_URL_VARIABLE = "DSE_DB_URL";

    /** Heartbeats that may be missed before the lease runs out. */
    static final int HEARTBEATS_PER_LEASE = 3;

    public WorkerSettings {
        if (name == null || name.isBlank()) {
            name = ManagementFactory.getRuntimeMXBean().getName();
        }
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
        poll = poll == null ? Duration.ofSeconds(15) : poll;
        grace = grace == null ? Duration.ofSeconds(30) : grace;
        processes = processes == null ? 1 : processes;
        if (processes < 0) {
            throw new IllegalArgumentException("dse.worker.processes must be >= 0 (0 = the best for this machine), got "
                    + processes);
        }
        device = device == null || device.isBlank() ? "auto" : device;
        if (trialThreads < 0) {
            throw new IllegalArgumentException("dse.worker.trial-threads must be >= 0 (0 = the cores shared among the"
                    + " worker processes), got " + trialThreads);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("dse.worker.threads must be >= 0 (0 = one per GPU, else one), got " + threads);
        }
        if (heartbeat.isZero() || heartbeat.isNegative()
                || heartbeat.multipliedBy(HEARTBEATS_PER_LEASE).compareTo(lease) > 0) {
            throw new IllegalArgumentException("dse.worker.heartbeat (" + heartbeat + ") must be positive and at most 1/"
                    + HEARTBEATS_PER_LEASE + " of dse.worker.lease (" + lease + ")");
        }
    }

    /**
     * This machine's layout: the processes set, or the best for it; the trial threads set, or each process's share
     * of the cores. Detecting GPUs loads the engine, so this is asked once the service's logging is set up.
     */
    public WorkerLayout layout() {
        WorkerLayout layout = WorkerLayout.forThisMachine(processes == 0 ? null : processes);
        return trialThreads == 0 ? layout : new WorkerLayout(layout.processes(), trialThreads, layout.gpus());
    }

    /** Worker threads to run given the GPUs visible: one per GPU, else one on the CPU, unless set. */
    public int threadsFor(int gpuCount) {
        return threads > 0 ? threads : Math.max(1, gpuCount);
    }
}
