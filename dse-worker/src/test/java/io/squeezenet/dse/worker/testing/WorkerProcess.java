package io.squeezenet.dse.worker.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code dse worker} child process on a test's database, with short leases so faults show quickly. Its output is
 * kept line by line with the moment each line arrived, for tests that reconstruct what the worker did and when.
 */
public final class WorkerProcess implements AutoCloseable {

    /** One line of the worker's output and when the test read it ({@link System#nanoTime}). */
    public record Line(long nanos, String text) {
    }

    public final String name;
    public final Process process;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Thread drain;
    private volatile long endedNanos;

    private WorkerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.drain = new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(process.getInputStream())).lines()
                        .forEach(line -> lines.add(new Line(System.nanoTime(), line)));
            } catch (java.io.UncheckedIOException closedWhenKilled) {
                // the process is gone: every line it wrote has been read
            }
        }, "drain-" + name);
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts a worker; {@code jvmOptions} come last, so a {@code -D} given there overrides the defaults here. */
    /** A worker on the database these connection details describe, its password passed in the URL as jdbc-url does. */
    public static WorkerProcess start(org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails database,
                                      String name, String... jvmOptions) throws IOException {
        String url = database.getJdbcUrl();
        if (database.getPassword() != null) {
            url += (url.contains("?") ? "&" : "?") + "password=" + java.net.URLEncoder.encode(database.getPassword(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        return start(url, name, jvmOptions);
    }

    public static WorkerProcess start(String jdbcUrl, String name, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.lease=4s", "-Ddse.worker.heartbeat=1s", "-Ddse.worker.poll=2s",
                "-Ddse.worker.grace=1s"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                "--db-url", jdbcUrl, "--name", name));
        return new WorkerProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Every line so far. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** When the process was seen to end ({@link System#nanoTime}), or 0 while it runs. */
    public long endedNanos() {
        return endedNanos;
    }

    /** SIGKILL: no shutdown hook, no release; the trial's lease must expire. */
    public void kill() throws InterruptedException {
        long before = System.nanoTime();
        process.toHandle().destroyForcibly();   // not Process.destroyForcibly: that closes the output unread
        process.waitFor();
        endedNanos = before;   // it ran at most until the signal was sent
        drain.join(5000);
    }

    /** SIGTERM: the graceful path. Returns the exit status once every line is read. */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();   // SIGTERM; Process.destroy would also close the output before it is read
        int status = process.waitFor();
        drain.join(5000);
        endedNanos = System.nanoTime();
        return status;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
