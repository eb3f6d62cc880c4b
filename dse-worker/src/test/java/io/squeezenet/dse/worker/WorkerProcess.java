package io.squeezenet.dse.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;

/** A {@code dse worker} child process on the test's database, with short leases so faults show quickly. */
final class WorkerProcess implements AutoCloseable {

    final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    static WorkerProcess start(String jdbcUrl, String name, String... jvmOptions) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.lease=4s", "-Ddse.worker.heartbeat=1s", "-Ddse.worker.poll=2s",
                "-Ddse.worker.grace=1s"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                "--db-url", jdbcUrl, "--name", name));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread drain = new Thread(() -> new BufferedReader(new InputStreamReader(p.getInputStream())).lines()
                .forEach(line -> { }));
        drain.setDaemon(true);
        drain.start();
        return new WorkerProcess(p);
    }

    /** SIGKILL: no shutdown hook, no release; the trial's lease must expire. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the graceful path. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
