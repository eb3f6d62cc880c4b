package io.squeezenet.dse.workerprocess;

import io.squeezenet.dse.db.notify.ChannelListener;
import io.squeezenet.dse.db.standalone.JdbcAddress;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import io.squeezenet.dse.model.training.Devices;
import io.squeezenet.dse.worker.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code dse worker}: a worker process joining a running service through its PostgreSQL. SIGTERM stops it
 * gracefully: no new claims, the running trial gets the grace period, then goes back to the queue.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run trials from a service's queue: claim, train, record, repeat.")
public class WorkerCommand implements Callable<Integer> {

    @Option(names = "--db-url", paramLabel = "URL",
            description = "the service's database (default: $DSE_DB_URL, else the URL ./dse up wrote to <data-dir>/jdbc-url, read again"
                    + " when the connection fails)")
    String dbUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
            description = "where to find jdbc-url (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--name", paramLabel = "NAME", description = "shown on the trials it runs (default host@pid)")
    String name;

    @Option(names = "--threads", paramLabel = "N", description = "trials this process takes turns on (default: one per"
            + " GPU, else one; DJL trains one at a time per process, so for trials side by side start more workers)")
    int threads;

    @Option(names = "--trial-threads", paramLabel = "N", description = "PyTorch threads per trial (default: every core)")
    int trialThreads;

    @Option(names = "--device", paramLabel = "DEV", description = "auto (default: one GPU per thread, else the CPU) | cpu"
            + " | gpu:N (every trial on that GPU; several workers may share it: each claims only trials whose memory"
            + " estimate fits what the GPU has free)")
    String device = "auto";

    /** How long an orphaned worker's stop may take: the grace period of its trial, and some. */
    static final java.time.Duration ORPHAN_STOP = java.time.Duration.ofSeconds(45);

    /** Set by the service that started this worker: exit when it is gone, even if it could not say so (SIGKILL). */
    @Option(names = "--parent-pid", hidden = true)
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        String url = dbUrl != null ? dbUrl : System.getenv(WorkerSettings.DB_URL_VARIABLE);
        Path file = null;
        if (url == null) {
            file = StandaloneSettings.jdbcUrlFile(dataDir).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--db-url: required (no " + file + " from a local ./dse up to read it from)");
            }
            url = Files.readString(file).strip();
        }
        if (threads < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--threads: must be >= 0, got " + threads);
        }
        if (trialThreads < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--trial-threads: must be >= 0, got " + trialThreads);
        }
        try {
            Devices.resolve(device);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--device: " + e.getMessage());
        }
        if (parentPid != null) {
            ProcessHandle.of(parentPid).ifPresentOrElse(parent -> parent.onExit().thenRun(WorkerCommand::orphaned),
                    WorkerCommand::orphaned);
        }
        // connect-retries: a worker started before its database waits for it instead of exiting; migrations: the
        // API applies them, a worker only checks the schema is the one its code expects
        JdbcAddress address = JdbcAddress.parse(url);   // the password apart: frameworks log the URL
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + address.url(), "--dse.worker.enabled=true",
                "--dse.worker.threads=" + threads, "--spring.flyway.connect-retries=10", "--dse.worker.migrations=check"));
        // only when given: otherwise DSE_WORKER_TRIAL_THREADS and DSE_WORKER_DEVICE (compose files) still apply
        if (trialThreads > 0) {
            args.add("--dse.worker.trial-threads=" + trialThreads);
        }
        if (!device.equals("auto")) {
            args.add("--dse.worker.device=" + device);
        }
        if (address.password() != null) {
            args.add("--spring.datasource.password=" + address.password());
        }
        if (file != null) {
            args.add("--dse.worker.jdbc-url-file=" + file);   // reread when the connection fails: the server may have moved
        }
        if (name != null) {
            args.add("--dse.worker.name=" + name);
        }
        SpringApplication app = new SpringApplication(DseWorkerApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        ServiceProcess.runUntilClosed(app, args.toArray(String[]::new), context -> { });
        return 0;
    }

    /**
     * The service that started this worker is gone: stop as on SIGTERM (the trial goes back, or its lease expires),
     * but surely: a stop waits for a start still retrying a database that went with the service.
     */
    private static void orphaned() {
        System.err.println("dse worker: the service that started it has exited; stopping");
        Thread halt = new Thread(() -> {
            ChannelListener.sleep(ORPHAN_STOP.toMillis());
            Runtime.getRuntime().halt(1);
        }, "dse-orphan-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
