package io.squeezenet.dse.db.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binaries are unpacked from empty, atomically, once per cache directory, and shared by processes. */
class PostgresBinariesTest {

    @TempDir
    Path cache;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unpacksIntoAnEmptyDirectoryOnceAndThenReusesIt() throws Exception {
        Path binaries = PostgresBinaries.prepare(cache);
        assertThat(binaries.getParent()).isEqualTo(cache);
        assertThat(binaries.getFileName().toString()).matches("PG-[0-9a-f]{32}");
        assertThat(binaries.resolve("bin/postgres")).isExecutable();
        assertThat(binaries.resolve("bin/initdb")).isExecutable();
        assertThat(Files.isSymbolicLink(binaries.resolve("lib/libpq.so"))).isTrue();
        assertThat(binaries.resolve("lib/libpq.so")).exists();   // the link resolves inside the directory
        assertThat(names(cache)).as("nothing half-made is left beside it")
                .containsExactlyInAnyOrder(binaries.getFileName().toString(), PostgresBinaries.LOCK);

        Path mark = Files.createFile(binaries.resolve("left-by-the-test"));
        assertThat(PostgresBinaries.prepare(cache)).isEqualTo(binaries);
        assertThat(mark).as("a complete directory is not unpacked again").exists();
    }

    @Test
    void aStartKilledWhileUnpackingDoesNotBreakTheNext() throws Exception {
        String name = PostgresBinaries.prepare(cache.resolve("probe")).getFileName().toString();
        Path working = cache.resolve("working");
        // what a kill leaves: zonky's in-place unpacking without its marker, and a private directory of ours whose
        // process is gone
        Path halfDone = Files.createDirectories(working.resolve(name).resolve("bin"));
        Files.writeString(halfDone.resolve("postgres"), "truncated");
        Path orphan = Files.createDirectories(working.resolve(name + ".partial-" + Integer.MAX_VALUE + "-1").resolve("lib"));

        Path binaries = PostgresBinaries.prepare(working);
        assertThat(PostgresBinaries.complete(binaries)).isTrue();
        assertThat(Files.size(binaries.resolve("bin/postgres"))).isGreaterThan(1_000_000);
        assertThat(orphan.getParent()).doesNotExist();
        assertThat(names(working)).containsExactlyInAnyOrder(name, PostgresBinaries.LOCK);
    }

    /** Runs in a child JVM: takes the working directory's lock as an unpacking start does, says so, and waits. */
    public static final class Locker {
        public static void main(String[] args) throws Exception {
            Path working = Path.of(args[0]);
            Files.createDirectories(working.resolve("PG-0.partial-1"));
            try (var channel = java.nio.channels.FileChannel.open(working.resolve(PostgresBinaries.LOCK),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 var lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }

    /** The lock of a start killed while unpacking goes with its process; the next start cleans up after it. */
    @Test
    void aStartKilledHoldingTheLockDoesNotBlockTheNext() throws Exception {
        Path working = cache.resolve("working");
        Process locker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Locker.class.getName(), working.toString()).redirectErrorStream(true)
                .start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(locker.getInputStream()));
        assertThat(out.readLine()).isEqualTo("locked");
        locker.destroyForcibly().waitFor();   // SIGKILL while it holds the lock, its private directory half-made
        Path binaries = PostgresBinaries.prepare(working);
        assertThat(PostgresBinaries.complete(binaries)).isTrue();
        assertThat(names(working)).containsExactlyInAnyOrder(binaries.getFileName().toString(), PostgresBinaries.LOCK);
    }

    /** Runs in a child JVM: starts a server on its own data directory and the shared binaries, then stops. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
                 Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), null)) {
                System.out.println(c.isValid(5) ? "served" : "invalid");
            }
        }
    }

    @Test
    void twoProcessesStartingAtOnceOnAnEmptyCacheBothServe() throws Exception {
        // the project cache of a fresh machine, as both processes find it
        Path working = cache.resolve("shared/postgres").resolve(PostgresBinaries.version());
        List<Process> children = new java.util.ArrayList<>();
        for (String data : List.of("a", "b")) {
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Child.class.getName(), cache.resolve(data).toString())
                    .redirectErrorStream(true).redirectOutput(cache.resolve(data + ".out").toFile());
            child.environment().put(io.squeezenet.dse.model.cache.ProjectCache.VARIABLE, cache.resolve("shared").toString());
            children.add(child.start());
        }
        for (int i = 0; i < children.size(); i++) {
            assertThat(children.get(i).waitFor(3, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(cache.resolve(List.of("a", "b").get(i) + ".out"));
            assertThat(children.get(i).exitValue()).as(output).isZero();
            assertThat(output).contains("served");
        }
        assertThat(names(working)).as("one directory of binaries, no private ones left")
                .filteredOn(n -> !n.equals(PostgresBinaries.LOCK)).hasSize(1).allMatch(n -> n.matches("PG-[0-9a-f]{32}"));
        assertThat(Files.getPosixFilePermissions(working)).as("zonky's world-writable bit taken back")
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void unpacksIntoTheProjectCacheUnlessZonkysSettingSaysOtherwise() {
        String saved = System.getProperty(PostgresBinaries.WORKING_DIR_PROPERTY);
        System.clearProperty(PostgresBinaries.WORKING_DIR_PROPERTY);
        try {
            assertThat(PostgresBinaries.workingDirectory()).isEqualTo(
                    io.squeezenet.dse.model.cache.ProjectCache.root().resolve("postgres").resolve(PostgresBinaries.version()));
            assertThat(PostgresBinaries.version()).as("filled in by the build").matches("\\d+\\.\\d+\\.\\d+");
            System.setProperty(PostgresBinaries.WORKING_DIR_PROPERTY, cache.toString());
            assertThat(PostgresBinaries.workingDirectory()).isEqualTo(cache);
        } finally {
            if (saved == null) {
                System.clearProperty(PostgresBinaries.WORKING_DIR_PROPERTY);
            } else {
                System.setProperty(PostgresBinaries.WORKING_DIR_PROPERTY, saved);
            }
        }
    }
}
