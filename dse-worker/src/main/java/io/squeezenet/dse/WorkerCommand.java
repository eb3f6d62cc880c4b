package io.squeezenet.dse;

import io.squeezenet.dse.db.standalone.JdbcAddress;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dse worker}: a worker process joining a running service through its PostgreSQL. SIGTERM stops it
 * gracefully: no new claims, the running trial gets the grace period, then goes back to the queue.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run trials from a service's queue: claim, train, record, repeat.")
public class WorkerCommand implements Callable<Integer> {

    @Option(names = "--db-url", paramLabel = "URL",
            description = "the service's database (default: the URL ./dse up wrote to <data-dir>/jdbc-url, read again"
                    + " when the connection fails)")
    String dbUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
            description = "where to find jdbc-url (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--name", paramLabel = "NAME", description = "shown on the trials it runs (default host@pid)")
    String name;

    @Option(names = "--threads", paramLabel = "N", description = "trials at once (default: one per GPU, else one)")
    int threads;

    @Override
    public Integer call() throws Exception {
        String url = dbUrl;
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
        // connect-retries: a worker started before its database waits for it instead of exiting; migrations: the
        // API applies them, a worker only checks the schema is the one its code expects
        JdbcAddress address = JdbcAddress.parse(url);   // the password apart: frameworks log the URL
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + address.url(), "--dse.worker.enabled=true",
                "--dse.worker.threads=" + threads, "--spring.flyway.connect-retries=10", "--dse.worker.migrations=check"));
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
}
