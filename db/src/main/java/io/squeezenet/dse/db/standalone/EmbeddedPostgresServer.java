package io.squeezenet.dse.db.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 (zonky's binaries from Maven Central) keeping its data in {@code <data-dir>/postgres}, so
 * sweeps survive restarts. zonky's defaults are for throw-away test databases; here fsync and synchronous commit
 * are back on, because a standalone user's results must survive a crash.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String JDBC_URL_FILE = "jdbc-url";
    static final Duration STALE_SERVER_STOP = Duration.ofSeconds(20);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** On a fixed port (0: any free one), so clients can reconnect to a restarted server. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopStaleServer(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir.toAbsolutePath());
            Files.writeString(server.dataDir.resolve(JDBC_URL_FILE), server.jdbcUrl() + System.lineSeparator());
            log.info("embedded PostgreSQL on {} with data in {}", server.jdbcUrl(), pgData);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
        }
    }

    /**
     * A process killed with SIGKILL leaves its PostgreSQL running on the data directory, and a new server would wait
     * for it and fail. The postmaster.pid file names it: stop it if it is still a postgres process.
     */
    static void stopStaleServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (RuntimeException e) {
            Files.deleteIfExists(pidFile);   // unreadable: PostgreSQL itself would treat it as stale
            return;
        }
        Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (stale.isEmpty()) {
            return;
        }
        log.warn("stopping PostgreSQL (pid {}) left running on {} by a process that did not shut down", pid, pgData);
        ProcessHandle process = stale.get();
        process.destroy();   // SIGTERM: PostgreSQL's smart shutdown
        try {
            process.onExit().get(STALE_SERVER_STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception timeout) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return "postgres";
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
