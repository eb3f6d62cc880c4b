package io.squeezenet.dse.client;

import io.squeezenet.dse.api.token.TokenController;
import io.squeezenet.dse.db.token.Role;
import io.squeezenet.dse.model.cli.CommandLines;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dse token create|list|revoke}: the token API from the command line, as an admin. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list or revoke API tokens (needs an admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public class TokenCommand {

    /** What each token subcommand has: the service to call (its data directory's admin token) and its command line. */
    abstract static class TokenCall implements Callable<Integer> {
        @Mixin
        ServiceOptions.WithDataDir service;

        @Spec
        CommandLine.Model.CommandSpec spec;

        ServiceClient client() {
            return service.client(spec.commandLine());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it (shown this once: keep it).")
    static class Create extends TokenCall {

        @Parameters(paramLabel = "NAME", description = "the token's name: a sweep's owner, shown in listings")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reader | writer | admin")
        String role;

        @Override
        public Integer call() throws Exception {
            if (Role.parse(role) == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--role: must be reader, writer or admin, got '" + role + "'");
            }
            return run(() -> {
                TokenController.CreatedView created = client()
                        .createToken(new TokenController.TokenRequest(name, Role.parse(role)));
                System.err.println("token '" + created.name() + "' (" + created.role() + ") created; it is shown only"
                        + " now: use it as Authorization: Bearer <token>, or DSE_TOKEN for ./dse");
                System.out.println(created.token());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens: name, role, created, last used.")
    static class ListTokens extends TokenCall {

        @Override
        public Integer call() {
            return run(() -> {
                List<TokenController.TokenView> tokens = client().tokens();
                System.out.printf("%-24s %-7s %-26s %s%n", "NAME", "ROLE", "CREATED", "LAST USED");
                tokens.forEach(t -> System.out.printf("%-24s %-7s %-26s %s%n", t.name(), t.role(), t.createdAt(),
                        t.lastUsedAt() == null ? "never" : t.lastUsedAt()));
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: it stops working at once.")
    static class Revoke extends TokenCall {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return run(() -> {
                client().revokeToken(name);
                System.out.println("token '" + name + "' revoked");
            });
        }
    }

    static int run(Runnable call) {
        try {
            call.run();
            return 0;
        } catch (ServiceClient.Refused e) {
            System.err.println("dse token: " + e.getMessage());
            return CommandLines.EXIT_FAILED;
        }
    }
}
