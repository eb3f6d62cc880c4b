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
 * are back on, because a standalone user's results must survive a crash, and its trust authentication is replaced
 * on first start: the server listens on 127.0.0.1 only and asks every connection for a password (scram-sha-256).
 * The service connects as {@value #SERVICE_ROLE}, a role without superuser rights that owns the schema; the
 * passwords are random, kept in {@code <data-dir>/db-credentials} (0600), and the service's is in the URL of
 * {@code <data-dir>/jdbc-url} (0600), which is all a joining worker needs. Nothing logs a password. The binaries
 * are unpacked once per machine into the project's cache ({@link PostgresBinaries}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String JDBC_URL_FILE = "jdbc-url";
    static final String CREDENTIALS_FILE = "db-credentials";
    /** The role the service and its workers connect as: owns the schema, no superuser rights. */
    public static final String SERVICE_ROLE = "dse";
    private static final String SUPERUSER = "postgres";
    private static final String DATABASE = "postgres";
    /** First line of the pg_hba.conf written here: a data directory still without it trusts every local connection. */
    static final String HBA_MARKER = "# squeezenet-dse: password authentication on loopback only";
    static final Duration STALE_SERVER_STOP = Duration.ofSeconds(20);

    private static final Pattern PORT = Pattern.compile("^jdbc:postgresql://[^:/]+:(\\d+)/");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int movedFrom;
    private final DataDirLock lock;
    private final Credentials credentials;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, int movedFrom, DataDirLock lock,
                                   Credentials credentials) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.movedFrom = movedFrom;
        this.lock = lock;
        this.credentials = credentials;
    }

    /** The two random passwords, kept in {@code <data-dir>/db-credentials} as Java properties. */
    record Credentials(String superuser, String service) {

        static Credentials read(Path home, boolean secured) throws IOException {
            Path file = home.resolve(CREDENTIALS_FILE);
            if (Files.isRegularFile(file)) {
                java.util.Properties p = new java.util.Properties();
                try (var in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
                if (p.getProperty("superuser") != null && p.getProperty("service") != null) {
                    return new Credentials(p.getProperty("superuser"), p.getProperty("service"));
                }
            }
            if (secured) {
                throw new IllegalStateException("the embedded database in " + home.resolve("postgres") + " asks for the"
                        + " passwords kept in " + file + ", which is missing or damaged: restore it, or start afresh with"
                        + " another --data-dir");
            }
            Credentials made = new Credentials(random(), random());
            OwnerOnlyFiles.write(file, "# the embedded PostgreSQL's passwords (made on first start; keep this file 0600)"
                    + System.lineSeparator() + "superuser=" + made.superuser() + System.lineSeparator()
                    + "service=" + made.service());
            return made;
        }

        private static String random() {
            byte[] bytes = new byte[24];
            new java.security.SecureRandom().nextBytes(bytes);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
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
            Path hba = pgData.resolve("pg_hba.conf");
            boolean secured = Files.isRegularFile(hba) && Files.readString(hba).startsWith(HBA_MARKER);
            Credentials credentials = Credentials.read(home, secured);
            Path binaries = PostgresBinaries.workingDirectory();
            PostgresBinaries.prepare(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PostgresBinaries.RESOLVER)
                    .setOverrideWorkingDirectory(binaries.toFile());
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
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky's readiness check connects as the superuser: with its password once trust is gone
                    .setConnectConfig("password", credentials.superuser())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // not zonky's own JVM shutdown hook: it would stop the database concurrently with the workers'
                    // grace period, so their last writes (a result, a release) hit a dead server. The owner closes
                    // it, in order: Spring destroys this bean only after the workers (SmartLifecycle) have stopped.
                    .setRegisterShutdownHook(false)
                    .start();
            if (System.getProperty(PostgresBinaries.WORKING_DIR_PROPERTY) == null) {
                PostgresBinaries.restrict(binaries);   // ours; a directory the user named may be shared on purpose
            }
            if (!secured) {
                secure(postgres, hba, credentials);
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, home, movedFrom, lock, credentials);
            OwnerOnlyFiles.write(home.resolve(JDBC_URL_FILE), server.jdbcUrl());
            log.info("embedded PostgreSQL on {} with data in {}", JdbcAddress.redact(server.jdbcUrl()), pgData);
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

    /**
     * Replaces initdb's trust with passwords, once: sets the superuser's, makes the service's role (or, for a data
     * directory from before, hands it the schema and everything in it), then writes pg_hba.conf and reloads it.
     * Runs over the trust connection it ends; the passwords are random URL-safe text, so they are safe as literals.
     */
    private static void secure(EmbeddedPostgres postgres, Path hba, Credentials credentials) throws IOException {
        try (java.sql.Connection c = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + credentials.superuser() + "'");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + SERVICE_ROLE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + SERVICE_ROLE);
                }
            }
            s.execute("ALTER ROLE " + SERVICE_ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '"
                    + credentials.service() + "'");
            s.execute("ALTER SCHEMA public OWNER TO " + SERVICE_ROLE);
            List<String> owned = new java.util.ArrayList<>();
            try (java.sql.PreparedStatement q = c.prepareStatement("""
                    SELECT format('ALTER %s public.%I OWNER TO %I',
                               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
                               c.relname, ?)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S')
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))""")) {
                q.setString(1, SERVICE_ROLE);
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        owned.add(rs.getString(1));
                    }
                }
            }
            for (String statement : owned) {
                s.execute(statement);
            }
            Files.writeString(hba, HBA_MARKER + System.lineSeparator() + """
                    local   all   all                  scram-sha-256
                    host    all   all   127.0.0.1/32   scram-sha-256
                    host    all   all   ::1/128        scram-sha-256
                    """);
            s.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException e) {
            throw new IOException("could not set up password authentication: " + e.getMessage(), e);
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

    /** The service role's URL, password included: for {@code jdbc-url} and workers, never for a log or a terminal. */
    public String jdbcUrl() {
        return address() + "&password=" + credentials.service();
    }

    /** The URL without the password, which goes separately: frameworks log the URL they connect to. */
    public String address() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE + "?user=" + SERVICE_ROLE;
    }

    public String username() {
        return SERVICE_ROLE;
    }

    public String password() {
        return credentials.service();
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
