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
 * @param threads    trials run at once; 0 means one per GPU DJL sees, else one
 * @param lease      how long a claim holds without a heartbeat
 * @param heartbeat  how often a running trial renews its lease (and expired leases are reaped)
 * @param poll       the slow poll for new trials when no notification arrives
 * @param grace      on shutdown, how long a running trial may finish before it is released to the queue
 */
@ConfigurationProperties("dse.worker")
public record WorkerSettings(boolean enabled, String name, int threads, Duration lease, Duration heartbeat,
                             Duration poll, Duration grace) {

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
        if (threads < 0) {
            throw new IllegalArgumentException("dse.worker.threads must be >= 0 (0 = one per GPU, else one), got " + threads);
        }
        if (heartbeat.isZero() || heartbeat.isNegative()
                || heartbeat.multipliedBy(HEARTBEATS_PER_LEASE).compareTo(lease) > 0) {
            throw new IllegalArgumentException("dse.worker.heartbeat (" + heartbeat + ") must be positive and at most 1/"
                    + HEARTBEATS_PER_LEASE + " of dse.worker.lease (" + lease + ")");
        }
    }

    /** Worker threads to run given the GPUs visible: one per GPU, else one on the CPU, unless set. */
    public int threadsFor(int gpuCount) {
        return threads > 0 ? threads : Math.max(1, gpuCount);
    }
}
