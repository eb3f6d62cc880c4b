package io.squeezenet.dse.db.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.SQLException;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsDataAcrossRestartsWithFsyncOnAndPublishesItsUrl() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('survives')");
            assertThat(Files.readString(dataDir.resolve("jdbc-url")).strip()).isEqualTo(server.jdbcUrl());
            try (ResultSet rs = s.executeQuery("SHOW fsync")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir);
             Connection c = DriverManager.getConnection(again.jdbcUrl(), again.username(), null);
             ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives");
        }
    }

    @Test
    void keepsItsPortAcrossRestartsAndMovesOnlyWhenItIsTaken() throws Exception {
        String first;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            first = server.jdbcUrl();
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir)) {
            assertThat(again.jdbcUrl()).isEqualTo(first);
            assertThat(again.portChange()).isNull();
            assertThat(Files.readString(dataDir.resolve("jdbc-url")).strip()).isEqualTo(first);
        }
        int port = Integer.parseInt(first.replaceAll("^jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
             EmbeddedPostgresServer moved = EmbeddedPostgresServer.start(dataDir);
             Connection c = DriverManager.getConnection(moved.jdbcUrl(), moved.username(), null)) {
            assertThat(c.isValid(5)).isTrue();
            assertThat(moved.port()).isNotEqualTo(port);
            assertThat(moved.portChange()).contains("port " + port, "taken", "listens on " + moved.port());
            assertThat(Files.readString(dataDir.resolve("jdbc-url")).strip()).isEqualTo(moved.jdbcUrl());
        }
    }

    /**
     * The database asks for a password: none, or a wrong one, is refused for the superuser and the service's role
     * alike; the service's role is no superuser and owns the schema; the files that carry passwords are 0600; and a
     * data directory made by an earlier version (initdb's trust, tables owned by the superuser) is converted.
     */
    @Test
    void refusesConnectionsWithoutThePasswordAndTheServiceIsNoSuperuser() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            String bare = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
            for (String user : List.of("postgres", EmbeddedPostgresServer.SERVICE_ROLE)) {
                assertThatThrownBy(() -> DriverManager.getConnection(bare, user, null).close())
                        .as("no password for " + user).isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
                assertThatThrownBy(() -> DriverManager.getConnection(bare, user, "wrong").close())
                        .as("a wrong password for " + user).isInstanceOf(SQLException.class)
                        .hasMessageContaining("password authentication failed");
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrl());
                 ResultSet rs = c.createStatement().executeQuery("""
                         SELECT current_user, r.rolsuper, pg_get_userbyid(n.nspowner), current_setting('listen_addresses')
                         FROM pg_roles r, pg_namespace n WHERE r.rolname = current_user AND n.nspname = 'public'""")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgresServer.SERVICE_ROLE);
                assertThat(rs.getBoolean(2)).as("superuser").isFalse();
                assertThat(rs.getString(3)).as("owner of the schema").isEqualTo(EmbeddedPostgresServer.SERVICE_ROLE);
                assertThat(rs.getString(4)).isEqualTo("127.0.0.1");
            }
            for (String file : List.of("jdbc-url", "db-credentials")) {
                assertThat(Files.getPosixFilePermissions(dataDir.resolve(file))).as(file)
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            assertThat(JdbcAddress.redact(server.jdbcUrl())).doesNotContain(server.password())
                    .endsWith("password=***");
        }
    }

    @Test
    void aDataDirectoryFromBeforePasswordsIsConverted(@TempDir Path old) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(old)) {
            java.util.Properties credentials = new java.util.Properties();
            credentials.load(Files.newBufferedReader(old.resolve("db-credentials")));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres",
                    "postgres", credentials.getProperty("superuser"))) {
                c.createStatement().execute("CREATE TABLE kept (id BIGINT GENERATED ALWAYS AS IDENTITY, v text)");
            }
        }
        // what an earlier version left: trust for everyone, tables owned by the superuser, no credentials file
        Files.writeString(old.resolve("postgres/pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.delete(old.resolve("db-credentials"));
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(old);
             Connection c = DriverManager.getConnection(server.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO kept (v) VALUES ('still there')");
            s.execute("ALTER TABLE kept ADD COLUMN w text");   // only its owner may
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
                    + "/postgres", "postgres", null).close()).isInstanceOf(SQLException.class);
        }
    }

    /** A second server on a live server's data directory is refused and leaves the first one's database alone. */
    @Test
    void aSecondServerOnALiveDataDirectoryIsRefused() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by a running squeezenet-dse (pid " + ProcessHandle.current().pid() + ")");
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), null)) {
                assertThat(c.isValid(5)).as("the first server's database still runs").isTrue();
            }
        }
        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(dataDir)) {
            assertThat(next.jdbcUrl()).as("free again once the first stopped").isNotNull();
        }
    }

    /** Runs in a child JVM: starts a server on the given directory, says so, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer.start(Path.of(args[0]));
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void stopsAServerLeftRunningByAKilledProcess() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // the child's log lines
        }
        assertThat(line).isEqualTo("ready");
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        child.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs, postgres keeps running
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(dataDir);
             Connection c = DriverManager.getConnection(next.jdbcUrl(), next.username(), null)) {
            assertThat(c.isValid(5)).isTrue();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }
}
