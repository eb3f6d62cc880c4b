package io.squeezenet.dse.worker;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The other worker processes of this machine's layout ({@link WorkerSettings#layout()}):
 * DJL trains one model at a time per process, so trials run side by side only in processes of their own. Each is
 * {@code dse worker} on this service's database with its share of the cores, its output in
 * {@code <data-dir>/worker-N.log}. Stopping this service stops them with SIGTERM (a running trial gets the grace
 * period, then goes back to the queue); if this process dies without stopping them (SIGKILL), they notice and exit.
 */
@Component
@ConditionalOnProperty(name = "dse.worker.enabled", havingValue = "true")
public class WorkerProcesses implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcesses.class);
    /** The launcher's entry point, in the dse-api jar every process of a service shares. */
    static final String MAIN = "io.squeezenet.dse.DseMain";

    private final WorkerSettings settings;
    /** Asked only when there are processes to start: a worker on a jdbc-url file has its own data source and none. */
    private final ObjectProvider<JdbcConnectionDetails> database;
    private final String dataDir;
    private final List<Process> children = new ArrayList<>();
    private volatile boolean running;

    public WorkerProcesses(WorkerSettings settings, ObjectProvider<JdbcConnectionDetails> database,
                           @Value("${dse.data-dir:}") String dataDir) {
        this.settings = settings;
        this.database = database;
        this.dataDir = dataDir;
    }

    @Override
    public void start() {
        running = true;
        WorkerLayout layout = settings.layout();
        if (layout.processes() == 1) {
            return;
        }
        String url = urlWithCredentials(database.getObject());
        for (int i = 1; i < layout.processes(); i++) {
            ProcessBuilder builder = new ProcessBuilder(command(i, layout));
            // the password goes in the environment, which only this user can read, not in the command line
            builder.environment().put(WorkerSettings.DB_URL_VARIABLE, url);
            if (dataDir.isBlank()) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
            } else {
                builder.redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(dataDir, "worker-" + (i + 1) + ".log").toFile()));
            }
            try {
                children.add(builder.start());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot start worker process " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (!children.isEmpty()) {
            log.info("started {} more worker process(es): {}", children.size(),
                    children.stream().map(p -> Long.toString(p.pid())).toList());
        }
    }

    List<String> command(int i, WorkerLayout layout) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        // the heap and engine settings this process was given (DSE_JAVA_OPTS, -Dai.djl.offline), nothing of a harness
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-Dai.djl."))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "worker",
                "--name=" + settings.name() + "-" + (i + 1), "--threads=1",
                "--trial-threads=" + layout.trialThreads(), "--device=" + layout.device(i),
                "--parent-pid=" + ProcessHandle.current().pid()));
        return command;
    }

    private static String urlWithCredentials(JdbcConnectionDetails database) {
        String url = database.getJdbcUrl();
        StringBuilder sb = new StringBuilder(url);
        String sep = url.contains("?") ? "&" : "?";
        if (database.getUsername() != null && !url.contains("user=")) {
            sb.append(sep).append("user=").append(URLEncoder.encode(database.getUsername(), StandardCharsets.UTF_8));
            sep = "&";
        }
        if (database.getPassword() != null && !url.contains("password=")) {
            sb.append(sep).append("password=").append(URLEncoder.encode(database.getPassword(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** SIGTERM to every child at once, then waits: each finishes or gives back its trial within the grace period. */
    @Override
    public void stop() {
        running = false;
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + settings.grace().plusSeconds(15).toNanos();
        for (Process p : children) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("worker process {} did not stop in time; killing it (its trial's lease will expire)", p.pid());
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        children.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops with the in-process worker, before the database (embedded or pooled) goes away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** The children's process ids, for tests and the terminal. */
    public List<Long> pids() {
        return children.stream().map(Process::pid).toList();
    }
}
