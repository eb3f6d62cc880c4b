package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.db.standalone.StandaloneSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a sweep request may ask for ({@code dse.sweeps.*}), checked when it is submitted, so nothing is
 * accepted that a worker could only fail on later.
 *
 * @param maxTrials              trials one sweep may expand to (the cartesian product times the seeds)
 * @param datasetsDir            the only directory (and below) a folder dataset's {@code data_dir} may point into;
 *                               relative paths are resolved against it
 * @param maxParams              parameters of the network a trial trains (default 100 million: 400 MB of weights)
 * @param maxTrialMemory         the per-trial memory budget the estimate of one training step must fit (default 8 GiB)
 * @param maxQueuedTrialsPerOwner trials one token may have waiting in the queue at once, over all its sweeps
 * @param viewCache              the longest {@code GET /api/v1/sweeps/{id}} answers from its cache (default 1 s):
 *                               the cache forgets a sweep when the database announces a change to it, so this bounds
 *                               only the age of an ETA and of a change whose announcement was missed
 */
@ConfigurationProperties("dse.sweeps")
public record SweepSettings(Integer maxTrials, Path datasetsDir, Long maxParams, DataSize maxTrialMemory,
                            Integer maxQueuedTrialsPerOwner, Duration viewCache) {

    public SweepSettings {
        maxTrials = maxTrials == null ? 10_000 : maxTrials;
        datasetsDir = datasetsDir == null ? Path.of(StandaloneSettings.DEFAULT_DATA_DIR, "datasets") : datasetsDir;
        maxParams = maxParams == null ? 100_000_000L : maxParams;
        maxTrialMemory = maxTrialMemory == null ? DataSize.ofGigabytes(8) : maxTrialMemory;
        maxQueuedTrialsPerOwner = maxQueuedTrialsPerOwner == null ? 50_000 : maxQueuedTrialsPerOwner;
        viewCache = viewCache == null ? Duration.ofSeconds(1) : viewCache;
    }
}
