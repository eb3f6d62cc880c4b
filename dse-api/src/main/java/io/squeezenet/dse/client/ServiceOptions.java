package io.squeezenet.dse.client;

import io.squeezenet.dse.api.security.AdminTokenBootstrap;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a client command finds the service and its token: flags, then the environment, then the admin token a local
 * {@code ./dse up} wrote in its data directory ({@code --data-dir} for {@code dse token}, {@code --service-dir} for
 * {@code dse sweep}, where {@code --data-dir} names the dataset as it does for {@code dse train}).
 */
public class ServiceOptions {

    @Option(names = "--server", paramLabel = "URL", description = "the service (default: $DSE_SERVER, else http://localhost:8080)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "an API token (default: $DSE_TOKEN, else the admin-token a local ./dse up wrote)")
    String token;

    /** {@code dse token}'s: {@code --data-dir}. */
    public static class WithDataDir extends ServiceOptions {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
                description = "where a local ./dse up wrote admin-token (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Override
        public Path serviceDir() {
            return dataDir;
        }
    }

    /** {@code dse sweep}'s: {@code --service-dir}. */
    public static class WithServiceDir extends ServiceOptions {
        @Option(names = "--service-dir", paramLabel = "DIR",
                description = "the standalone service's data directory: where ./dse up wrote admin-token; for dse sweep"
                        + " run without a server, where its database lives (default: a temporary one)")
        Path serviceDir;

        @Override
        public Path serviceDir() {
            return serviceDir;
        }
    }

    /** The local service's data directory, or null. */
    public Path serviceDir() {
        return null;
    }

    /** Whether a server was named ({@code --server} or DSE_SERVER); without one, dse sweep run starts its own. */
    public boolean serverGiven() {
        String env = System.getenv("DSE_SERVER");
        return server != null || (env != null && !env.isBlank());
    }

    public URI base() {
        String url = server != null ? server : System.getenv().getOrDefault("DSE_SERVER", "http://localhost:8080");
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** The token to send; {@code command} is named in the refusal when there is none. */
    public String token(CommandLine command) {
        if (token != null) {
            return token;
        }
        String env = System.getenv("DSE_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = AdminTokenBootstrap.file(serviceDir() == null ? Path.of(StandaloneSettings.DEFAULT_DATA_DIR) : serviceDir());
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(command,
                    "--token: required (no DSE_TOKEN, and no " + file + " from a local ./dse up)");
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public ServiceClient client(CommandLine command) {
        return new ServiceClient(base(), token(command));
    }
}
