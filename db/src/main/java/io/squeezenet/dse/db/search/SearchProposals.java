package io.squeezenet.dse.db.search;

import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The search_proposals table and the sweep's search state: the ask/tell history a search resumes from after a restart.
 * Every write after the sweep is posted is in the caller's transaction, under {@link #lockOpen} or {@link #lock}, so
 * two API processes never propose the same number twice.
 */
@Component
public class SearchProposals {

    private final JdbcClient jdbc;

    public SearchProposals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Proposal p) {
        Metaparameters m = p.metaparameters();
        jdbc.sql("""
                INSERT INTO search_proposals (sweep_id, number, origin, base_e, incr_e, freq, sr, pct_3x3, bypass,
                    variant, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.sweepId(), p.number(), p.origin().label(), m.expandBase(), m.expandIncrement(), m.freq(),
                        m.squeezeRatio(), m.pct3x3(), m.bypass().label(), m.variant().label(), p.outcome().label(),
                        p.reason())
                .update();
    }

    /** The sweep's proposals in the order made. */
    public List<Proposal> of(long sweepId) {
        return jdbc.sql("SELECT * FROM search_proposals WHERE sweep_id = ? ORDER BY number").param(sweepId)
                .query(SearchProposals::row).list();
    }

    /** The number the next proposal takes. */
    public int next(long sweepId) {
        return jdbc.sql("SELECT coalesce(max(number), 0) + 1 FROM search_proposals WHERE sweep_id = ?").param(sweepId)
                .query(Integer.class).single();
    }

    /** Sweeps whose own sampler may still propose (an external search's designs come by the API), not cancelled. */
    public List<Long> open() {
        return jdbc.sql("""
                SELECT id FROM sweeps WHERE search_open AND cancelled_at IS NULL
                    AND search -> 'strategy' ->> 'name' IS DISTINCT FROM 'external' ORDER BY id""")
                .query(Long.class).list();
    }

    /**
     * Locks an open search's sweep row for this transaction (as a claim does: the lock that updating the row takes),
     * or returns empty when it is closed, cancelled, or being advanced by another process right now (that one will
     * propose; this one need not wait).
     */
    public Optional<Long> lockOpen(long sweepId) {
        return jdbc.sql("""
                SELECT id FROM sweeps WHERE id = ? AND search_open AND cancelled_at IS NULL
                FOR NO KEY UPDATE SKIP LOCKED""")
                .param(sweepId).query(Long.class).optional();
    }

    /**
     * Waits for and locks a sweep's row for this transaction; whether its search is open and not cancelled, or empty
     * when there is no such sweep.
     */
    public Optional<Boolean> lock(long sweepId) {
        return jdbc.sql("SELECT search_open AND cancelled_at IS NULL FROM sweeps WHERE id = ? FOR NO KEY UPDATE")
                .param(sweepId).query(Boolean.class).optional();
    }

    /** Stores the search's report (api.search.SearchReport as JSON) and whether it may still propose. */
    public void update(long sweepId, String searchJson, boolean open) {
        jdbc.sql("UPDATE sweeps SET search = CAST(? AS jsonb), search_open = ? WHERE id = ?")
                .params(searchJson, open, sweepId).update();
    }

    private static Proposal row(ResultSet rs, int n) throws SQLException {
        return new Proposal(rs.getLong("sweep_id"), rs.getInt("number"), Proposal.Origin.parse(rs.getString("origin")),
                new Metaparameters(rs.getInt("base_e"), rs.getInt("incr_e"), rs.getInt("freq"), rs.getDouble("sr"),
                        rs.getDouble("pct_3x3"), Bypass.parse(rs.getString("bypass")),
                        Variant.parse(rs.getString("variant"))),
                Proposal.Outcome.parse(rs.getString("outcome")), rs.getString("reason"),
                rs.getObject("proposed_at", OffsetDateTime.class));
    }
}
