package io.squeezenet.dse.db.standalone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Standalone mode ({@code dse.*}): where the embedded PostgreSQL keeps its data.
 *
 * @param dataDir the service's data directory; the database lives in {@code <data-dir>/postgres} and its JDBC URL
 *                is written to {@code <data-dir>/jdbc-url} for external workers
 */
@ConfigurationProperties("dse")
public record StandaloneSettings(Path dataDir) {

    public StandaloneSettings {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
    }
}
