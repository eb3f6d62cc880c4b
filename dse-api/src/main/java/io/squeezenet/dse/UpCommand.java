package io.squeezenet.dse;

import io.squeezenet.dse.api.security.AdminTokenBootstrap;
import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import io.squeezenet.dse.db.standalone.JdbcAddress;
import io.squeezenet.dse.db.standalone.OwnerOnlyFiles;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import io.squeezenet.dse.worker.WorkerLayout;
import io.squeezenet.dse.worker.WorkerSettings;
import io.squeezenet.dse.workerprocess.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dse up}: the service in this process. With no database URL it runs standalone on an embedded PostgreSQL
 * in the data directory; with {@code --db-url} (or SPRING_DATASOURCE_URL) it uses that database and starts none.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the service: REST API with figures and reports, its workers, and (standalone) an embedded PostgreSQL.")
public class UpCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
            description = "data directory (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--workers", paramLabel = "N", description = "trials at once on this machine, each in a worker"
            + " process (this one and N-1 it starts) with its share of the cores; 0 for none (default: the measured best"
            + " for this machine: one at a time with every core on the CPU, two processes per GPU)")
    Integer workers;

    @Option(names = "--db-url", paramLabel = "URL", description = "use this PostgreSQL (jdbc:postgresql://...) instead of the embedded one")
    String dbUrl;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "the address to listen on (default ${DEFAULT-VALUE},"
            + " this machine only; any other address makes every request, reads included, need a token)")
    String bind = "127.0.0.1";

    @Option(names = "--verbose", description = "show the framework's log on the terminal (default: <data-dir>/dse.log)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--port: must be in [0, 65535], got " + port);
        }
        if (workers != null && (workers < 0 || workers > WorkerLayout.MAX_PROCESSES)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--workers: must be in [0, "
                    + WorkerLayout.MAX_PROCESSES + "], got " + workers);
        }
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=" + bind,
                "--dse.data-dir=" + dataDir));
        args.addAll(WorkerLayout.settings(workers));
        if (dbUrl != null) {
            JdbcAddress address = JdbcAddress.parse(dbUrl);   // the password apart: frameworks log the URL
            args.add("--spring.datasource.url=" + address.url());
            if (address.password() != null) {
                args.add("--spring.datasource.password=" + address.password());
            }
        }
        if (!verbose) {
            // the framework's log is for debugging: the terminal gets where the service is and what to do next
            args.addAll(List.of("--spring.main.banner-mode=off", "--logging.threshold.console=OFF",
                    "--logging.file.name=" + dataDir.resolve("dse.log")));
        }
        ServiceProcess.runUntilClosed(new SpringApplication(DseApplication.class), args.toArray(String[]::new),
                this::announce);
        return 0;
    }

    /** Tells the user where the API and the database are, and leaves the JDBC URL where external workers find it. */
    private void announce(ConfigurableApplicationContext context) {
        String jdbcUrl = context.getBean(JdbcConnectionDetails.class).getJdbcUrl();
        int actualPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", String.valueOf(port)));
        if (dbUrl != null) {   // the embedded database writes its own, with its password
            try {
                OwnerOnlyFiles.write(StandaloneSettings.jdbcUrlFile(dataDir), dbUrl);   // may carry a password: 0600
            } catch (java.io.UncheckedIOException e) {
                System.err.println("dse up: " + e.getMessage());
            }
        }
        System.out.println("squeezenet-dse is up");
        context.getBeanProvider(EmbeddedPostgresServer.class).ifAvailable(db -> {
            if (db.portChange() != null) {
                System.out.println("  note:       " + db.portChange());
            }
        });
        String host = loopback(bind) ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
        System.out.println("  API:        http://" + host + ":" + actualPort + "/api/v1   (OpenAPI: /v3/api-docs, Swagger UI:"
                + " /swagger-ui.html)");
        System.out.println("  dashboard:  http://" + host + ":" + actualPort + "/   (to change sweeps from it, paste a"
                + " token under Token)");
        Path adminToken = AdminTokenBootstrap.file(dataDir);
        System.out.println("  token:      " + (Files.isRegularFile(adminToken)
                ? "writes need one: curl -H \"Authorization: Bearer $(cat " + adminToken + ")\" ... (admin; make others"
                        + " with ./dse token create)" : "writes need one (the admin token was set by the operator)"));
        System.out.println("  health:     http://localhost:" + actualPort + "/actuator/health");
        System.out.println("  log:        "
                + (verbose ? "on this terminal" : dataDir.resolve("dse.log") + " (--verbose shows it here)"));
        boolean embedded = context.getBeanProvider(EmbeddedPostgresServer.class).getIfAvailable() != null;
        System.out.println("  database:   " + JdbcAddress.redact(jdbcUrl) + (embedded || dbUrl != null
                ? "   (with its password in " + StandaloneSettings.jdbcUrlFile(dataDir) + ", readable by you only)" : ""));
        WorkerLayout layout = workers != null && workers == 0 ? null : context.getBean(WorkerSettings.class).layout();
        System.out.println("  workers:    " + (layout == null ? "none on this machine" : layout.describe()
                + (layout.processes() > 1 ? " (" + layout.processes() + " worker processes, logs in " + dataDir
                        + "/worker-N.log)" : "") + "; --workers N to change")
                + "; more join with: ./dse worker --data-dir " + dataDir + " (another machine: --db-url)");
        System.out.flush();
    }

    private static boolean loopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
