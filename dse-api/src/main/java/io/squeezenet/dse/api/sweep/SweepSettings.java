package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.db.standalone.StandaloneSettings;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on what a sweep request may ask for ({@code dse.sweeps.*}).
 *
 * @param maxTrials   trials one sweep may expand to (the cartesian product times the seeds)
 * @param datasetsDir the only directory (and below) a folder dataset's {@code data_dir} may point into;
 *                    relative paths are resolved against it
 */
@ConfigurationProperties("dse.sweeps")
public record SweepSettings(Integer maxTrials, Path datasetsDir) {

    public SweepSettings {
        maxTrials = maxTrials == null ? 10_000 : maxTrials;
        datasetsDir = datasetsDir == null ? Path.of(StandaloneSettings.DEFAULT_DATA_DIR, "datasets") : datasetsDir;
    }
}
