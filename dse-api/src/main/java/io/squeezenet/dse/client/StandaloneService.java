package io.squeezenet.dse.client;

import io.squeezenet.dse.DseApplication;
import io.squeezenet.dse.db.token.ApiTokens;
import io.squeezenet.dse.db.token.Role;
import io.squeezenet.dse.worker.WorkerLayout;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The whole service in this process, for a command that needs one for a run ({@code dse demo}, {@code dse sweep run}
 * without a server): embedded PostgreSQL in {@code dataDir}, the API on loopback, its workers, the framework's
 * log in {@code <dataDir>/dse.log} unless verbose. Its client holds a throw-away writer token, revoked on close.
 */
public final class StandaloneService implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI base;
    private final String tokenName;
    private final ServiceClient client;
    private final CountDownLatch closed;

    private StandaloneService(ConfigurableApplicationContext context, URI base, String tokenName, ServiceClient client,
                              CountDownLatch closed) {
        this.context = context;
        this.base = base;
        this.tokenName = tokenName;
        this.client = client;
        this.closed = closed;
    }

    /**
     * {@code port} 0: any free one; {@code workers}: trials at once (null: the measured best for this machine, see
     * {@link WorkerLayout}); {@code settings}: more {@code --name=value} properties for the service.
     */
    public static StandaloneService start(Path dataDir, int port, Integer workers, boolean verbose, List<String> settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--dse.data-dir=" + dataDir, "--spring.main.banner-mode=off"));
        args.addAll(WorkerLayout.settings(workers));
        if (!verbose) {
            // the framework's log is for debugging: the terminal gets what happened, where, and what next
            args.add("--logging.threshold.console=OFF");
            args.add("--logging.file.name=" + dataDir.resolve("dse.log"));
        }
        args.addAll(settings);
        SpringApplication app = new SpringApplication(DseApplication.class);
        CountDownLatch closed = new CountDownLatch(1);
        app.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
        URI base = URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
        // a token of its own, from the service it runs (the admin-token file may be gone), named so it cannot be a
        // user's: the sweeps of the run show it as their owner
        String name = "run-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = context.getBean(ApiTokens.class).create(name, Role.WRITER).orElseThrow().secret();
        return new StandaloneService(context, base, name, new ServiceClient(base, secret), closed);
    }

    public URI base() {
        return base;
    }

    public ServiceClient client() {
        return client;
    }

    /** Until the service is stopped (Ctrl-C). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        try {
            context.getBean(ApiTokens.class).revoke(tokenName);
        } finally {
            context.close();
        }
    }
}
