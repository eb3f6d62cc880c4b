package io.squeezenet.dse.api.token;

import io.squeezenet.dse.api.security.AdminTokenBootstrap;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import io.squeezenet.dse.db.token.Role;
import io.squeezenet.dse.model.cli.CommandLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dse token create|list|revoke}: the token API from the command line, as an admin. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list or revoke API tokens (needs an admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public class TokenCommand {

    /** Where the service is and who is asking. */
    static class Connection {
        @Option(names = "--server", paramLabel = "URL", description = "the service (default: $DSE_SERVER, else http://localhost:8080)")
        String server;

        @Option(names = "--token", paramLabel = "TOKEN", description = "an admin token (default: $DSE_TOKEN, else <data-dir>/admin-token)")
        String token;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
                description = "where a local ./dse up wrote admin-token (default ${DEFAULT-VALUE})")
        Path dataDir;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        URI base() {
            String url = server != null ? server : System.getenv().getOrDefault("DSE_SERVER", "http://localhost:8080");
            return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }

        String token() throws IOException {
            if (token != null) {
                return token;
            }
            String env = System.getenv("DSE_TOKEN");
            if (env != null && !env.isBlank()) {
                return env.strip();
            }
            Path file = AdminTokenBootstrap.file(dataDir);
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(new CommandLine(new TokenCommand()),
                        "--token: required (no DSE_TOKEN, and no " + file + " from a local ./dse up)");
            }
            return Files.readString(file).strip();
        }

        /** The answer's body; a refusal ends the command with the server's own words. */
        String send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + token())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                throw new Refused("no service answers at " + base() + " (start one with ./dse up, or give --server)");
            }
            if (response.statusCode() >= 300) {
                JsonNode problem = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
                throw new Refused(response.statusCode() + ": " + problem.path("detail").asString(response.body()));
            }
            return response.body();
        }
    }

    /** The service said no: its reason, on one line. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it (shown this once: keep it).")
    static class Create implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME", description = "the token's name: a sweep's owner, shown in listings")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reader | writer | admin")
        String role;

        @Override
        public Integer call() throws Exception {
            if (Role.parse(role) == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--role: must be reader, writer or admin, got '" + role + "'");
            }
            return run(() -> {
                TokenController.CreatedView created = JSON.readValue(connection.send("POST", "/api/v1/tokens",
                        JSON.writeValueAsString(new TokenController.TokenRequest(name, Role.parse(role)))),
                        TokenController.CreatedView.class);
                System.err.println("token '" + created.name() + "' (" + created.role() + ") created; it is shown only"
                        + " now: use it as Authorization: Bearer <token>, or DSE_TOKEN for ./dse");
                System.out.println(created.token());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens: name, role, created, last used.")
    static class ListTokens implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            return run(() -> {
                List<TokenController.TokenView> tokens = JSON.readValue(connection.send("GET", "/api/v1/tokens", null),
                        new TypeReference<List<TokenController.TokenView>>() { });
                System.out.printf("%-24s %-7s %-26s %s%n", "NAME", "ROLE", "CREATED", "LAST USED");
                tokens.forEach(t -> System.out.printf("%-24s %-7s %-26s %s%n", t.name(), t.role(), t.createdAt(),
                        t.lastUsedAt() == null ? "never" : t.lastUsedAt()));
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: it stops working at once.")
    static class Revoke implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return run(() -> {
                connection.send("DELETE", "/api/v1/tokens/" + java.net.URLEncoder.encode(name,
                        java.nio.charset.StandardCharsets.UTF_8), null);
                System.out.println("token '" + name + "' revoked");
            });
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static int run(Call call) {
        try {
            call.run();
            return 0;
        } catch (Refused e) {
            System.err.println("dse token: " + e.getMessage());
            return CommandLines.EXIT_FAILED;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
