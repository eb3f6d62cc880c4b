package io.squeezenet.dse.worker;

import io.squeezenet.dse.worker.testing.WorkerMain;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker process never migrates: on a database the API has not migrated it refuses to start, saying why. */
class SchemaCheckTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerRefusesADatabaseWithoutItsSchemaAndLeavesItAlone() throws Exception {
        try (EmbeddedPostgresServer empty = EmbeddedPostgresServer.start(dir)) {
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                    "--db-url", empty.jdbcUrl(), "--name", "too-new").redirectErrorStream(true).start();
            String output = new String(worker.getInputStream().readAllBytes());
            assertThat(worker.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(worker.exitValue()).as(output).isNotZero();
            assertThat(output).contains("the service's database is at schema version none but this worker needs",
                    "start or upgrade the API first");
            try (Connection c = DriverManager.getConnection(empty.jdbcUrl(), empty.username(), null);
                 ResultSet tables = c.getMetaData().getTables(null, "public", "trials", null)) {
                assertThat(tables.next()).as("no migration ran").isFalse();
            }
        }
    }
}
