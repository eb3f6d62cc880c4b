package io.squeezenet.dse.db.artifact;

import io.squeezenet.dse.model.compression.CompressionResult;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what trials kept: weights and compressions. A trial that reused an identical trial's result has that trial's
 * weights and compressions, so both are looked up through {@code reused_from}.
 */
@Component
public class TrialArtifacts {

    /** A trial's stored weights without their bytes: what the trial view shows. */
    public record WeightsInfo(long trialId, long sizeBytes, String sha256, OffsetDateTime createdAt) {
    }

    private static final String SOURCE = "(SELECT coalesce(reused_from, id) FROM trials WHERE id = :id)";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public TrialArtifacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<WeightsInfo> weightsInfo(long trialId) {
        return jdbc.sql("SELECT trial_id, size_bytes, sha256, created_at FROM trial_weights WHERE trial_id = " + SOURCE)
                .param("id", trialId)
                .query((rs, n) -> new WeightsInfo(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .optional();
    }

    /** A trial's stored weights with their bytes (a few MB: held in memory for one download). */
    public record Weights(String sha256, byte[] data) {
    }

    public Optional<Weights> weights(long trialId) {
        return jdbc.sql("SELECT sha256, data FROM trial_weights WHERE trial_id = " + SOURCE).param("id", trialId)
                .query((rs, n) -> new Weights(rs.getString(1), rs.getBytes(2))).optional();
    }

    public List<CompressionResult> compressions(long trialId) {
        return jdbc.sql("SELECT result::text FROM trial_compressions WHERE trial_id = " + SOURCE + " ORDER BY position")
                .param("id", trialId)
                .query((rs, n) -> JSON.readValue(rs.getString(1), CompressionResult.class)).list();
    }

    /** The compressions of a sweep's trials, by trial id, each in the sweep's order: one query for a report. */
    public Map<Long, List<CompressionResult>> compressionsOfSweep(long sweepId) {
        Map<Long, List<CompressionResult>> byTrial = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT t.id, c.result::text FROM trials t
                JOIN trial_compressions c ON c.trial_id = coalesce(t.reused_from, t.id)
                WHERE t.sweep_id = :sweep AND t.status = 'SUCCEEDED'
                ORDER BY t.id, c.position""")
                .param("sweep", sweepId)
                .query(rs -> {
                    byTrial.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(JSON.readValue(rs.getString(2), CompressionResult.class));
                });
        return byTrial;
    }
}
