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

    /** The data directory every command and the service use unless told otherwise (relative to where they run). */
    public static final String DEFAULT_DATA_DIR = "data";

    public StandaloneSettings {
        dataDir = dataDir == null ? Path.of(DEFAULT_DATA_DIR) : dataDir;
    }

    /** Where a standalone service writes its database's JDBC URL, for workers that join it: {@code <data-dir>/jdbc-url}. */
    public static Path jdbcUrlFile(Path dataDir) {
        return dataDir.resolve(EmbeddedPostgresServer.JDBC_URL_FILE);
    }
}
