package io.squeezenet.dse.db.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern PORT = Pattern.compile("^jdbc:postgresql://[^:/]+:(\\d+)/");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int movedFrom;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, int movedFrom) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.movedFrom = movedFrom;
    }

    /**
     * On the port recorded in {@code <data-dir>/jdbc-url} by the last start, so the address external workers hold
     * stays valid across restarts; on another free one only when that port is taken (see {@link #portChange()}).
     */
    public static EmbeddedPostgresServer start(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(JDBC_URL_FILE);
        int recorded = 0;
        try {
            Matcher m = PORT.matcher(Files.isRegularFile(file) ? Files.readString(file).strip() : "");
            recorded = m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | NumberFormatException unreadable) {
            // no usable record: any free port, recorded anew
        }
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopStaleServer(pgData);   // first: a stale server of ours holds the recorded port
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
        }
        boolean taken = recorded > 0 && !free(recorded);
        EmbeddedPostgresServer server = start(dataDir, taken ? 0 : recorded, taken ? recorded : 0);
        if (server.portChange() != null) {
            log.warn(server.portChange());
        }
        return server;
    }

    /** On a fixed port (0: any free one), so clients can reconnect to a restarted server. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, 0);
    }

    private static EmbeddedPostgresServer start(Path dataDir, int port, int movedFrom) {
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
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir.toAbsolutePath(), movedFrom);
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

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** One line for the user when the recorded port was taken and the database moved, else null. */
    public String portChange() {
        return movedFrom == 0 ? null : "port " + movedFrom + " (recorded in " + dataDir.resolve(JDBC_URL_FILE)
                + ") is taken by another program: the database listens on " + port() + " this time, and jdbc-url says so";
    }

    public int port() {
        return postgres.getPort();
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
