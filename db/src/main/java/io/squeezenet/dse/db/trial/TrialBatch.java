package io.squeezenet.dse.db.trial;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A sweep's planned trials inserted in one statement, their columns sent as arrays and unnested: 10,000 trials cost
 * one round trip and one firing of the statement-level triggers, where {@code saveAll} cost a round trip each
 * (identity ids keep Hibernate from batching). Runs in the caller's transaction.
 */
@Component
public class TrialBatch {

    private final JdbcTemplate jdbc;

    public TrialBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the trials as queued, ids in the list's order, in the sweep's transaction (there must be one). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int insert(List<Trial> trials) {
        if (trials.isEmpty()) {
            return 0;
        }
        return jdbc.execute((ConnectionCallback<Integer>) c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO trials (sweep_id, base_e, incr_e, freq, sr, pct_3x3, bypass, variant, seed, params, size_bytes,
                                        imagenet_params, imagenet_size_bytes, training_bytes, recipe_key,
                                        max_attempts)
                    SELECT s, b, i, f, sr, p, bp, v, seed, n, sz, inn, insz, tb, k, m
                    FROM unnest(?::bigint[], ?::int[], ?::int[], ?::int[], ?::float8[], ?::float8[], ?::varchar[],
                                ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[],
                                ?::int[])
                         WITH ORDINALITY AS u(s, b, i, f, sr, p, bp, v, seed, n, sz, inn, insz, tb, k, m, ord)
                    ORDER BY ord""")) {
                int i = 0;
                ps.setArray(++i, array(c, "bigint", trials, Trial::getSweepId));
                ps.setArray(++i, array(c, "integer", trials, t -> t.getMetaparameters().expandBase()));
                ps.setArray(++i, array(c, "integer", trials, t -> t.getMetaparameters().expandIncrement()));
                ps.setArray(++i, array(c, "integer", trials, t -> t.getMetaparameters().freq()));
                ps.setArray(++i, array(c, "float8", trials, t -> t.getMetaparameters().squeezeRatio()));
                ps.setArray(++i, array(c, "float8", trials, t -> t.getMetaparameters().pct3x3()));
                ps.setArray(++i, array(c, "varchar", trials, t -> t.getMetaparameters().bypass().label()));
                ps.setArray(++i, array(c, "varchar", trials, t -> t.getMetaparameters().variant().label()));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getSeed));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getParams));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getSizeBytes));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getImagenetParams));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getImagenetSizeBytes));
                ps.setArray(++i, array(c, "bigint", trials, Trial::getTrainingBytes));
                ps.setArray(++i, array(c, "varchar", trials, Trial::getRecipeKey));
                ps.setArray(++i, array(c, "integer", trials, Trial::getMaxAttempts));
                int inserted = ps.executeUpdate();
                if (inserted != trials.size()) {
                    throw new IllegalStateException("inserted " + inserted + " of " + trials.size() + " trials");
                }
                return inserted;
            }
        });
    }

    private static Array array(Connection c, String type, List<Trial> trials, Function<Trial, Object> column)
            throws SQLException {
        return c.createArrayOf(type, trials.stream().map(column).toArray());
    }
}
