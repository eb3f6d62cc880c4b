package io.squeezenet.dse.db.worker;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The workers table: who is working, on how many threads and which device, and when each last said so. */
@Component
public class WorkerRegistry {

    /**
     * One row of the registry; {@code alive} when its last heartbeat is recent enough; {@code runningTrials}: the
     * trials it holds now (one per trial thread at most).
     */
    public record Worker(String name, String host, int threads, String device, OffsetDateTime startedAt,
                         OffsetDateTime lastHeartbeatAt, boolean alive, List<Long> runningTrials) {
    }

    private final JdbcClient jdbc;

    public WorkerRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void register(String name, String host, int threads, String device) {
        jdbc.sql("""
                INSERT INTO workers (name, host, threads, device) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET host = excluded.host, threads = excluded.threads,
                    device = excluded.device, started_at = now(), last_heartbeat_at = now()""")
                .params(name, host, threads, device).update();
    }

    public void heartbeat(String name) {
        jdbc.sql("UPDATE workers SET last_heartbeat_at = now() WHERE name = ?").param(name).update();
    }

    /** All workers, most recently seen first; alive = heard from within {@code staleAfter}. */
    public List<Worker> list(Duration staleAfter) {
        return jdbc.sql("""
                SELECT name, host, threads, device, started_at, last_heartbeat_at,
                       last_heartbeat_at > now() - make_interval(secs => ?) AS alive,
                       ARRAY(SELECT t.id FROM trials t WHERE t.status = 'RUNNING' AND t.worker = w.name ORDER BY t.id)
                           AS running
                FROM workers w ORDER BY last_heartbeat_at DESC""")
                .param(staleAfter.toMillis() / 1000.0)
                .query((rs, n) -> new Worker(rs.getString("name"), rs.getString("host"), rs.getInt("threads"),
                        rs.getString("device"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("last_heartbeat_at", OffsetDateTime.class), rs.getBoolean("alive"),
                        List.of((Long[]) rs.getArray("running").getArray())))
                .list();
    }

    public long alive(Duration staleAfter) {
        return jdbc.sql("SELECT count(*) FROM workers WHERE last_heartbeat_at > now() - make_interval(secs => ?)")
                .param(staleAfter.toMillis() / 1000.0).query(Long.class).single();
    }
}
