package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import io.squeezenet.dse.worker.testing.WorkerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exactly-once under faults, checked from outside: the API and three {@code dse worker} processes on an embedded
 * PostgreSQL drain sweeps of short trials while workers are killed and terminated, PostgreSQL restarts and a
 * connection drops in the middle of a result write. Afterwards every trial succeeded once, its stored epochs are
 * exactly those of its final claim, no trial ran on two workers at once, and every attempt is accounted for.
 * <p>
 * What each worker did and when comes from its own log lines ({@code trial T attempt A claim C started} and
 * {@code ... ended: OUTCOME}), timed as the test reads them; a killed worker's run ends when the signal was sent.
 * {@code scripts/soak.sh} runs {@link #soak} for as long as asked, with random faults.
 */
@SpringBootTest(classes = DseApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dse.worker.enabled=false", "spring.datasource.hikari.connection-timeout=2000",
                "spring.datasource.hikari.data-source-properties.ApplicationName=dse-api"})
@Tag("chaos")
class ChaosTest {

    /**
     * A lease long enough to ride out a PostgreSQL restart, short enough that a killed worker's trial comes back
     * soon; one core each, for three processes that each took every core ran ten times slower on two.
     */
    static final String[] WORKER_OPTIONS = {"-Ddse.worker.lease=8s", "-Ddse.worker.heartbeat=1s",
            "-Ddse.worker.grace=1s", "-Dspring.datasource.hikari.connection-timeout=2000", "-XX:ActiveProcessorCount=1"};
    /** 24 designs (4 SR x 3 pct_3x3 x 2 bypass), each a few seconds of real training on the synthetic dataset. */
    static final String SWEEP = """
            {"name": "%s", "reuse_results": false, "max_attempts": %d,
             "grid": {"base_e": [32], "incr_e": [32], "sr": [0.125, 0.25, 0.5, 0.75], "pct_3x3": [0.25, 0.5, 0.75],
                      "bypass": ["none", "simple"]},
             "training": {"dataset": "synthetic", "train_subset": 1500, "test_subset": 200, "epochs": 3,
                          "batch_size": 32, "input_size": "3x12x12", "seeds": [1]}}""";
    static final int TRIALS_PER_SWEEP = 24;
    static final int EPOCHS = 3;

    static Path pgDir;
    static Path apiDir;
    static int pgPort;
    static volatile EmbeddedPostgresServer postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        pgDir = Files.createTempDirectory("dse-chaos-pg");
        try (ServerSocket free = new ServerSocket(0)) {
            pgPort = free.getLocalPort();
        }
        postgres = EmbeddedPostgresServer.start(pgDir, pgPort);
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", postgres::username);
        apiDir = Files.createTempDirectory("dse-chaos-api");
        registry.add("dse.data-dir", apiDir::toString);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    /** Every worker process this test started, dead or alive: their logs are the record of what ran. */
    final List<WorkerProcess> workers = new ArrayList<>();
    final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);

    enum Fault { SIGKILL, SIGTERM, POSTGRES_RESTART, CONNECTION_DROP, DROP_MID_WRITE }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (WorkerProcess w : workers) {
            w.close();
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "dse.soak.minutes", matches = ".+")
    void everyTrialSucceedsExactlyOnceThroughKillsTerminationsARestartAndADroppedWrite() throws Exception {
        installFaultHooks();
        long sweep = submit("chaos", 5);
        WorkerProcess[] live = {start("chaos-1"), start("chaos-2"), start("chaos-3")};

        // a result write whose connection is dropped while the statement runs: the worker writes it again
        dropConnectionInResultWrite();
        // SIGKILL mid-trial: no release; the lease runs out and another worker takes the trial
        awaitMidTrial(live[0]).kill();
        count(Fault.SIGKILL);
        live[0] = start("chaos-1");   // the same name again, as a restarted container would have
        // SIGTERM mid-trial: the trial goes back to the queue without using an attempt
        awaitMidTrial(live[1]).terminate();
        assertThat(live[1].lines()).as("a terminated worker stops gracefully")
                .anyMatch(l -> l.text().contains("worker chaos-2 stopped"));
        count(Fault.SIGTERM);
        live[1] = start("chaos-2");
        restartPostgres(Duration.ofSeconds(2));

        awaitDrained(List.of(sweep), Duration.ofMinutes(6));
        for (WorkerProcess w : live) {
            w.terminate();
        }
        Audit audit = audit(List.of(sweep));
        System.out.println("chaos: " + audit.summary());
        assertThat(audit.problems()).as(audit.summary()).isEmpty();
        assertThat(audit.succeeded).isEqualTo(TRIALS_PER_SWEEP);
        assertThat(audit.runs).as("the killed worker's trial ran again").isGreaterThan(TRIALS_PER_SWEEP);
        assertThat(workers.stream().flatMap(w -> w.lines().stream())
                .anyMatch(l -> l.text().contains("writing its result failed")))
                .as("the dropped write was retried").isTrue();
    }

    /**
     * {@code scripts/soak.sh}: sweeps drained for {@code dse.soak.minutes} with a random fault every few seconds,
     * then audited. Prints its progress and figures to stdout and to {@code dse.soak.report} (a file).
     */
    @Test
    @EnabledIfSystemProperty(named = "dse.soak.minutes", matches = "\\d+")
    void soak() throws Exception {
        long minutes = Long.getLong("dse.soak.minutes");
        Random random = new Random(Long.getLong("dse.soak.seed", 1));
        try (PrintStream report = new PrintStream(Files.newOutputStream(Path.of(System.getProperty("dse.soak.report",
                "target/soak-report.txt"))), true)) {
            installFaultHooks();
            List<Long> sweeps = new ArrayList<>();
            WorkerProcess[] live = {start("soak-1"), start("soak-2"), start("soak-3")};
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(minutes).toNanos();
            say(report, "soak: %d minutes, 3 workers, a random fault every 3-10 s", minutes);
            while (System.nanoTime() < deadline) {
                if (queued() < TRIALS_PER_SWEEP) {
                    sweeps.add(submit("soak-" + (sweeps.size() + 1), 10));
                }
                Thread.sleep(3000 + random.nextInt(7000));
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                int which = random.nextInt(live.length);
                switch (fault) {   // each counts itself once it has struck
                    case SIGKILL -> {
                        live[which].kill();
                        count(fault);
                        live[which] = start(live[which].name);
                    }
                    case SIGTERM -> {
                        live[which].terminate();
                        count(fault);
                        live[which] = start(live[which].name);
                    }
                    case POSTGRES_RESTART -> restartPostgres(Duration.ofMillis(500 + random.nextInt(3000)));
                    case CONNECTION_DROP -> dropAWorkerConnection(random);
                    case DROP_MID_WRITE -> dropConnectionInResultWrite();
                }
                say(report, "%s: %s; %d trials done, faults %s", elapsed(started), fault, done(), faults);
            }
            say(report, "%s: faults stop; draining what is queued", elapsed(started));
            awaitDrained(sweeps, Duration.ofMinutes(15));
            for (WorkerProcess w : live) {
                w.terminate();
            }
            Audit audit = audit(sweeps);
            say(report, "%s", audit.summary());
            assertThat(audit.problems()).as(audit.summary()).isEmpty();
        }
    }

    // ---- faults ----

    /** A trigger that, while armed, holds a trial's result write in the database, so a connection can be cut there. */
    void installFaultHooks() throws SQLException {
        sql(c -> c.createStatement().execute("""
                CREATE TABLE IF NOT EXISTS chaos_hold (armed BOOLEAN);
                CREATE OR REPLACE FUNCTION chaos_hold_result() RETURNS trigger AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM chaos_hold) THEN PERFORM pg_sleep(5); END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS chaos_hold_result ON trials;
                CREATE TRIGGER chaos_hold_result BEFORE UPDATE ON trials FOR EACH ROW
                    WHEN (NEW.status = 'SUCCEEDED' AND OLD.status = 'RUNNING') EXECUTE FUNCTION chaos_hold_result();"""));
    }

    /** Holds the next result write and terminates its connection mid-statement; false if none came in time. */
    boolean dropConnectionInResultWrite() throws Exception {
        sql(c -> c.createStatement().execute("INSERT INTO chaos_hold VALUES (true)"));
        try {
            Long pid = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sql(c -> {
                        ResultSet rs = c.createStatement().executeQuery("""
                                SELECT pid FROM pg_stat_activity
                                WHERE wait_event = 'PgSleep' AND query LIKE 'UPDATE trials SET status = ''SUCCEEDED''%'""");
                        return rs.next() ? rs.getLong(1) : null;
                    }), p -> p != null);
            sql(c -> c.createStatement().execute("DELETE FROM chaos_hold"));
            sql(c -> c.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")"));
            count(Fault.DROP_MID_WRITE);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException nothingToDrop) {
            return false;
        } finally {
            sql(c -> c.createStatement().execute("DELETE FROM chaos_hold"));
        }
    }

    /** Terminates one connection of a worker, whatever it is doing. */
    void dropAWorkerConnection(Random random) throws SQLException {
        count(Fault.CONNECTION_DROP);
        sql(c -> c.createStatement().execute("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE pid IN (SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'
                              AND application_name = 'PostgreSQL JDBC Driver' AND pid <> pg_backend_pid()
                              ORDER BY md5(pid::text || '%d') LIMIT 1)""".formatted(random.nextInt())));
    }

    /** Stops PostgreSQL, leaves it down for {@code down}, starts it again on the same port with the same data. */
    void restartPostgres(Duration down) throws InterruptedException {
        postgres.close();
        Thread.sleep(down.toMillis());   // the outage itself, not a wait for something to happen
        postgres = EmbeddedPostgresServer.start(pgDir, pgPort);
        count(Fault.POSTGRES_RESTART);
    }

    void count(Fault fault) {
        faults.merge(fault, 1, Integer::sum);
    }

    // ---- the service, as a client sees it ----

    WorkerProcess start(String name) throws IOException {
        WorkerProcess w = WorkerProcess.start(postgres.jdbcUrl(), name, WORKER_OPTIONS);
        workers.add(w);
        return w;
    }

    long submit(String name, int maxAttempts) throws Exception {
        HttpResponse<String> response = Awaitility.await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sweeps"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + Files.readString(apiDir.resolve("admin-token")).strip())
                        .POST(HttpRequest.BodyPublishers.ofString(SWEEP.formatted(name, maxAttempts))).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 201);
        return json.readTree(response.body()).get("id").asLong();
    }

    /** Waits until the worker is in the middle of a trial (a claim started and not ended), and returns it. */
    static WorkerProcess awaitMidTrial(WorkerProcess worker) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> !openClaims(worker).isEmpty());
        return worker;
    }

    static List<Long> openClaims(WorkerProcess worker) {
        Map<Long, Boolean> open = new TreeMap<>();
        for (WorkerProcess.Line line : worker.lines()) {
            Matcher m = RUN.matcher(line.text());
            if (m.find()) {
                open.put(Long.parseLong(m.group(3)), m.group(4).equals("started"));
            }
        }
        return open.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    void awaitDrained(List<Long> sweeps, Duration atMost) throws SQLException {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> unfinished(sweeps), List::isEmpty);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not drained in " + atMost + ": " + String.join("\n", diagnose(sweeps)), e);
        }
    }

    List<String> unfinished(List<Long> sweeps) throws SQLException {
        return sql(c -> {
            List<String> rows = new ArrayList<>();
            ResultSet rs = c.createStatement().executeQuery("SELECT id, status, attempt, claim, worker, worker_instance,"
                    + " lease_expires_at, now(), error FROM trials WHERE sweep_id IN (" + ids(sweeps)
                    + ") AND status IN ('QUEUED', 'RUNNING') ORDER BY id");
            while (rs.next()) {
                rows.add("trial %d %s attempt %d claim %d worker %s/%s lease %s (now %s) error %s".formatted(rs.getLong(1),
                        rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)));
            }
            return rows;
        });
    }

    /** What a stuck drain looks like: the trials left, what the database is doing, each worker's last lines. */
    List<String> diagnose(List<Long> sweeps) throws SQLException {
        List<String> out = new ArrayList<>(unfinished(sweeps));
        out.addAll(sql(c -> {
            List<String> rows = new ArrayList<>();
            ResultSet rs = c.createStatement().executeQuery("SELECT pid, application_name, state, wait_event,"
                    + " left(query, 120) FROM pg_stat_activity WHERE backend_type = 'client backend'");
            while (rs.next()) {
                rows.add("backend %d %s %s %s: %s".formatted(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
            return rows;
        }));
        for (WorkerProcess w : workers) {
            List<WorkerProcess.Line> lines = w.lines();
            out.add("--- " + w.name + (w.process.isAlive() ? " (alive)" : " (ended)"));
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.add(l.text()));
        }
        return out;
    }

    long queued() throws SQLException {
        return count("SELECT count(*) FROM trials WHERE status = 'QUEUED'");
    }

    long done() {
        try {
            return count("SELECT count(*) FROM trials WHERE status = 'SUCCEEDED'");
        } catch (SQLException databaseRestarting) {
            return -1;
        }
    }

    long count(String query) throws SQLException {
        return sql(c -> {
            ResultSet rs = c.createStatement().executeQuery(query);
            rs.next();
            return rs.getLong(1);
        });
    }

    // ---- the audit ----

    static final Pattern RUN = Pattern.compile("trial (\\d+) attempt (\\d+) claim (\\d+) (started|ended: (\\w+))");

    /** One claim's run on one worker, as its log tells it. */
    record Run(long trial, long claim, String worker, long startNanos, long endNanos, String outcome) {
    }

    /** What the record and the logs say, and every way they break the rules. */
    record Audit(int trials, int succeeded, int runs, int duplicates, int lost, List<String> overlaps,
                 List<String> epochs, List<String> attempts, Map<Fault, Integer> faults) {

        List<String> problems() {
            List<String> all = new ArrayList<>(overlaps);
            all.addAll(epochs);
            all.addAll(attempts);
            if (duplicates > 0) {
                all.add(duplicates + " trial(s) written as succeeded more than once");
            }
            if (lost > 0) {
                all.add(lost + " trial(s) not SUCCEEDED with the result of their succeeded run");
            }
            return all;
        }

        String summary() {
            return "trials %d, succeeded %d, runs %d, faults injected %d %s, duplicates %d, lost results %d,"
                    .formatted(trials, succeeded, runs, faults.values().stream().mapToInt(Integer::intValue).sum(),
                            faults, duplicates, lost)
                    + " overlapping runs %d, epoch mismatches %d, unaccounted attempts %d".formatted(overlaps.size(),
                    epochs.size(), attempts.size());
        }
    }

    Audit audit(List<Long> sweeps) throws SQLException {
        List<Run> runs = new ArrayList<>();
        for (WorkerProcess w : workers) {
            Map<Long, WorkerProcess.Line> started = new TreeMap<>();
            for (WorkerProcess.Line line : w.lines()) {
                Matcher m = RUN.matcher(line.text());
                if (!m.find()) {
                    continue;
                }
                long claim = Long.parseLong(m.group(3));
                if (m.group(4).equals("started")) {
                    started.put(claim, line);
                } else {
                    WorkerProcess.Line s = started.remove(claim);
                    runs.add(new Run(Long.parseLong(m.group(1)), claim, w.name, s == null ? line.nanos() : s.nanos(),
                            line.nanos(), m.group(5)));
                }
            }
            started.forEach((claim, s) -> {   // killed mid-trial: it ran until the signal
                Matcher m = RUN.matcher(s.text());
                m.find();
                runs.add(new Run(Long.parseLong(m.group(1)), claim, w.name, s.nanos(), w.endedNanos(), "killed"));
            });
        }
        Map<Long, List<Run>> byTrial = new TreeMap<>();
        runs.forEach(r -> byTrial.computeIfAbsent(r.trial(), t -> new ArrayList<>()).add(r));

        List<String> overlaps = new ArrayList<>();
        byTrial.forEach((trial, list) -> {
            list.sort(java.util.Comparator.comparingLong(Run::startNanos));
            for (int i = 1; i < list.size(); i++) {
                Run before = list.get(i - 1);
                Run after = list.get(i);
                if (before.endNanos() == 0 || before.endNanos() > after.startNanos()) {
                    overlaps.add("trial %d: claim %d on %s still ran when claim %d started on %s".formatted(trial,
                            before.claim(), before.worker(), after.claim(), after.worker()));
                }
            }
        });

        record Row(long id, String status, int attempt, long claim) {
        }
        List<Row> rows = sql(c -> {
            List<Row> list = new ArrayList<>();
            ResultSet rs = c.createStatement().executeQuery("SELECT id, status, attempt, coalesce(claim, 0) FROM trials"
                    + " WHERE sweep_id IN (" + ids(sweeps) + ") ORDER BY id");
            while (rs.next()) {
                list.add(new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
            }
            return list;
        });
        Map<Long, List<String>> stored = sql(c -> {
            Map<Long, List<String>> map = new TreeMap<>();
            ResultSet rs = c.createStatement().executeQuery("SELECT trial_id, claim, epoch FROM trial_epochs WHERE"
                    + " trial_id IN (SELECT id FROM trials WHERE sweep_id IN (" + ids(sweeps) + ")) ORDER BY 1, 2, 3");
            while (rs.next()) {
                map.computeIfAbsent(rs.getLong(1), t -> new ArrayList<>()).add(rs.getLong(2) + "/" + rs.getInt(3));
            }
            return map;
        });

        int duplicates = 0;
        int lost = 0;
        List<String> epochs = new ArrayList<>();
        List<String> attempts = new ArrayList<>();
        for (Row row : rows) {
            List<Run> list = byTrial.getOrDefault(row.id(), List.of());
            List<Run> succeeded = list.stream().filter(r -> "succeeded".equals(r.outcome())).toList();
            duplicates += succeeded.size() > 1 ? 1 : 0;
            if (!row.status().equals("SUCCEEDED") || succeeded.size() != 1 || succeeded.get(0).claim() != row.claim()) {
                lost++;
            }
            List<String> expected = new ArrayList<>();
            for (int e = 1; e <= EPOCHS; e++) {
                expected.add(row.claim() + "/" + e);
            }
            if (!expected.equals(stored.getOrDefault(row.id(), List.of()))) {
                epochs.add("trial %d: epochs %s, expected %s".formatted(row.id(), stored.get(row.id()), expected));
            }
            long released = list.stream().filter(r -> "released".equals(r.outcome())).count();
            if (row.attempt() != list.size() - released) {
                attempts.add("trial %d: attempt %d, but %d run(s) of which %d released: %s".formatted(row.id(),
                        row.attempt(), list.size(), released, list));
            }
        }
        int succeeded = (int) rows.stream().filter(r -> r.status().equals("SUCCEEDED")).count();
        return new Audit(rows.size(), succeeded, runs.size(), duplicates, lost, overlaps, epochs, attempts,
                new EnumMap<>(faults));
    }

    // ---- plumbing ----

    interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    static <T> T sql(Sql<T> work) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl() + "&ApplicationName=chaos-test",
                postgres.username(), null)) {
            return work.apply(c);
        }
    }

    static String ids(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    static String elapsed(long startedNanos) {
        long s = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return "%d:%02d".formatted(s / 60, s % 60);
    }

    static void say(PrintStream report, String format, Object... args) {
        String line = format.formatted(args);
        System.out.println(line);
        report.println(line);
    }
}
