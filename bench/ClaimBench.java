import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The queue under load, on the embedded PostgreSQL 17: claims/s and claim latency with 1, 8 and 32 concurrent
 * claimers draining 10,000 queued trials, and the scheduler's per-trial cost against a short trial.
 * Run by bench/claims.sh with the launcher's classpath.
 */
public class ClaimBench {

    static final int TRIALS = 10_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("dse-claim-bench");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.username());
            config.setMaximumPoolSize(40);
            try (HikariDataSource ds = new HikariDataSource(config)) {
                Flyway.configure().dataSource(ds).load().migrate();
                JdbcClient jdbc = JdbcClient.create(ds);
                TrialQueue queue = new TrialQueue(jdbc);
                long sweep = jdbc.sql("INSERT INTO sweeps (name, request, training) VALUES ('bench', '{}', '{}') RETURNING id")
                        .query(Long.class).single();
                jdbc.sql("""
                        INSERT INTO trials (sweep_id, base_e, incr_e, freq, sr, pct_3x3, bypass, seed, params, size_bytes,
                            imagenet_params, imagenet_size_bytes, recipe_key)
                        SELECT ?, 128, 128, 2, 0.125, 0.5, 'none', g, 700000 + g, 4 * (700000 + g), 1248424, 4993696, 'k' || g
                        FROM generate_series(1, ?) g""").params(sweep, TRIALS).update();
                jdbc.sql("ANALYZE trials").update();
                System.out.println("| claimers | claims/s | p50 latency | p99 latency |");
                System.out.println("|---|---|---|---|");
                for (int claimers : new int[] {1, 8, 32}) {
                    jdbc.sql("UPDATE trials SET status = 'QUEUED', attempt = 0, worker = NULL, lease_expires_at = NULL").update();
                    jdbc.sql("VACUUM ANALYZE trials").update();
                    run(queue, claimers);
                }
                overhead(queue, jdbc, sweep);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(TrialQueue queue, int claimers) throws InterruptedException {
        List<long[]> latencies = new ArrayList<>();
        AtomicInteger claimed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(claimers);
        long start = System.nanoTime();
        for (int c = 0; c < claimers; c++) {
            long[] mine = new long[TRIALS];
            latencies.add(mine);
            String name = "bench-" + c;
            Thread t = new Thread(() -> {
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    Optional<Claim> claim = queue.claim(name, Duration.ofSeconds(60));
                    long t1 = System.nanoTime();
                    if (claim.isEmpty()) {
                        break;
                    }
                    mine[n++] = t1 - t0;
                    claimed.incrementAndGet();
                }
                mine[TRIALS - 1] = n;   // count kept in the last slot (never reached by one claimer of many)
                done.countDown();
            });
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) Math.min(l[TRIALS - 1], TRIALS - 1)))
                .sorted().toArray();
        System.out.printf("| %d | %.0f | %.2f ms | %.2f ms |%n", claimers, claimed.get() / seconds,
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }

    /** A trial's queue traffic: claim, one epoch record per epoch, a heartbeat every 10 s, the result. */
    static void overhead(TrialQueue queue, JdbcClient jdbc, long sweep) {
        jdbc.sql("UPDATE trials SET status = 'QUEUED', attempt = 0 WHERE id IN (SELECT id FROM trials ORDER BY id LIMIT 200)").update();
        int rounds = 200;
        long claimNs = 0, epochNs = 0, beatNs = 0, completeNs = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Claim c = queue.claim("overhead", Duration.ofSeconds(60)).orElseThrow();
            long t1 = System.nanoTime();
            queue.recordEpoch(c, 1, 1.0, 400, 0.5, 0.9);
            long t2 = System.nanoTime();
            queue.heartbeat(c, Duration.ofSeconds(60));
            long t3 = System.nanoTime();
            queue.complete(c, 0.5, 0.9, "{\"top1\": 0.5}");
            long t4 = System.nanoTime();
            claimNs += t1 - t0;
            epochNs += t2 - t1;
            beatNs += t3 - t2;
            completeNs += t4 - t3;
        }
        double trialSeconds = 30, epochs = 3, beats = trialSeconds / 10;
        double perTrial = (claimNs + epochs * epochNs + beats * beatNs + completeNs) / (double) rounds / 1e9;
        System.out.printf("%nper trial (single claimer, means of %d): claim %.2f ms, epoch record %.2f ms, heartbeat %.2f ms,"
                        + " complete %.2f ms%n", rounds, claimNs / 1e6 / rounds, epochNs / 1e6 / rounds,
                beatNs / 1e6 / rounds, completeNs / 1e6 / rounds);
        System.out.printf("scheduler overhead for a 30 s trial with 3 epochs and a heartbeat every 10 s: %.1f ms = %.3f%%%n",
                perTrial * 1000, perTrial / trialSeconds * 100);
    }
}
