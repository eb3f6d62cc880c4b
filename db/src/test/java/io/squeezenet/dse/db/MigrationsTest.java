package io.squeezenet.dse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations apply to a real PostgreSQL 17 and the schema enforces the queue's invariants. */
class MigrationsTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void createsTheQueueTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("sweeps", "trials", "trial_epochs", "workers");
    }

    @Test
    void refusesATrialOutsideTheDesignSpace() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO sweeps (name, request, training) VALUES ('smoke', '{}', '{}')");
            String trial = "INSERT INTO trials (sweep_id, base_e, incr_e, freq, sr, pct_3x3, bypass, seed, params,"
                    + " size_bytes, imagenet_params, imagenet_size_bytes, recipe_key)"
                    + " SELECT id, 128, 128, 2, %s, 0.5, 'none', 7, 1248424, 4993696, 1248424, 4993696, 'k' FROM sweeps";
            s.execute(trial.formatted("0.125"));
            try (ResultSet rs = s.executeQuery("SELECT status, attempt FROM trials")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("status")).isEqualTo("QUEUED");
                assertThat(rs.getInt("attempt")).isZero();
            }
            assertThatThrownBy(() -> s.execute(trial.formatted("1.5"))).hasMessageContaining("trials_sr_check");
        }
    }
}
