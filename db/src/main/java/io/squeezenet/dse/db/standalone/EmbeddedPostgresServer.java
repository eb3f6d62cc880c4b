package io.squeezenet.dse.db.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
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
    public static final String JDBC_URL_FILE = "jdbc-url";
    static final Duration STALE_SERVER_STOP = Duration.ofSeconds(20);

    private static final Pattern PORT = Pattern.compile("^jdbc:postgresql://[^:/]+:(\\d+)/");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int movedFrom;
    private final DataDirLock lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, int movedFrom, DataDirLock lock) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.movedFrom = movedFrom;
        this.lock = lock;
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
        return start(dataDir, recorded, true);
    }

    /** On a fixed port (0: any free one), so clients can reconnect to a restarted server. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    /**
     * Takes the data directory's lock first: while another live process holds it, its database is left alone and
     * this start is refused with one line naming it; only then is a stale server (its owner dead) stopped.
     */
    private static EmbeddedPostgresServer start(Path dataDir, int port, boolean moveWhenTaken) {
        Path home = dataDir.toAbsolutePath();
        Path pgData = home.resolve("postgres");
        DataDirLock lock = DataDirLock.take(home);
        try {
            Files.createDirectories(pgData);
            stopStaleServer(pgData);   // before the port check: a stale server of ours may hold the recorded port
            int movedFrom = moveWhenTaken && port > 0 && !free(port) ? port : 0;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0 && movedFrom == 0) {
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
                    // not zonky's own JVM shutdown hook: it would stop the database concurrently with the workers'
                    // grace period, so their last writes (a result, a release) hit a dead server. The owner closes
                    // it, in order: Spring destroys this bean only after the workers (SmartLifecycle) have stopped.
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, home, movedFrom, lock);
            Files.writeString(home.resolve(JDBC_URL_FILE), server.jdbcUrl() + System.lineSeparator());
            log.info("embedded PostgreSQL on {} with data in {}", server.jdbcUrl(), pgData);
            if (server.portChange() != null) {
                log.warn(server.portChange());
            }
            return server;
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(),
                    (IOException) e);
        }
    }

    /** {@code <data-dir>/dse.lock}: an OS file lock, so it is released when its process dies, however it dies. */
    static final class DataDirLock implements AutoCloseable {
        static final String FILE = "dse.lock";
        /** Held by this JVM: a second channel on a locked file must not be opened, as closing it drops the lock. */
        private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final FileChannel channel;
        private final Path home;

        private DataDirLock(FileChannel channel, Path home) {
            this.channel = channel;
            this.home = home;
        }

        static DataDirLock take(Path home) {
            Path file = home.resolve(FILE);
            if (!HELD.add(home)) {
                throw inUse(home, "pid " + ProcessHandle.current().pid());
            }
            try {
                Files.createDirectories(home);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    HELD.remove(home);
                    String owner = Files.readString(file).strip();
                    throw inUse(home, owner.isEmpty() ? "unknown process" : owner);
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                        0);
                channel.force(true);
                return new DataDirLock(channel, home);
            } catch (IOException e) {
                HELD.remove(home);
                throw new UncheckedIOException("could not lock " + file + ": " + e.getMessage(), e);
            }
        }

        private static IllegalStateException inUse(Path home, String owner) {
            return new IllegalStateException("the data directory " + home + " is in use by a running squeezenet-dse ("
                    + owner + "): stop it first, or give this one another --data-dir");
        }

        @Override
        public void close() {
            try {
                channel.close();   // releases the lock
            } catch (IOException e) {
                log.warn("could not release {}: {}", FILE, e.getMessage());
            } finally {
                HELD.remove(home);
            }
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
        } finally {
            lock.close();
        }
    }
}
