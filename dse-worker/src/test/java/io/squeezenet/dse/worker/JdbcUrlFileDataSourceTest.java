package io.squeezenet.dse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker started before its server restarts on another address finds it again through the jdbc-url file. */
class JdbcUrlFileDataSourceTest {

    @TempDir
    Path dir;

    @Test
    void followsTheFileWhenTheServerComesBackElsewhere() throws Exception {
        Path file = dir.resolve("jdbc-url");
        JdbcUrlFileDataSource dataSource;
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dir.resolve("first"))) {
            Files.writeString(file, first.jdbcUrl() + "\n");
            dataSource = new JdbcUrlFileDataSource(file);
            try (Connection c = dataSource.getConnection()) {
                assertThat(port(c)).isEqualTo(first.port());
            }
        }
        try (dataSource; EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dir.resolve("second"))) {
            Files.writeString(file, second.jdbcUrl() + "\n");
            try (Connection c = dataSource.getConnection()) {
                assertThat(port(c)).isEqualTo(second.port());
            }
            assertThat(dataSource.url()).isEqualTo(second.jdbcUrl());
        }
    }

    private static int port(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('port')")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }
}
