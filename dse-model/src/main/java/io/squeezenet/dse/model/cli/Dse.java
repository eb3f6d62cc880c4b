package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.architecture.InvalidDesignException;
import io.squeezenet.dse.model.dataset.DatasetException;
import io.squeezenet.dse.model.training.TrainingFailedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./dse} launcher. Bad input ends with exit status 2 and one line naming the flag and the rule:
 * a user typing flags wants the rule, not a stack trace or the whole usage page.
 */
@Command(name = "dse", mixinStandardHelpOptions = true, version = "squeezenet-dse 0.1.0",
        description = "Design-space exploration of SqueezeNet-style CNNs (Iandola et al., arXiv 1602.07360).",
        subcommands = {ArchCommand.class, TrainCommand.class, LrFindCommand.class})
public class Dse {

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs one command; modules above this one add theirs ({@code up}, {@code worker}), which run Spring Boot and
     * its logging. The model's own commands log warnings only, to stderr, so stdout holds just the answer.
     */
    public static int run(String[] args, Object... extraSubcommands) {
        CommandLine cli = commandLine(extraSubcommands);
        boolean service = args.length > 0 && java.util.Arrays.stream(extraSubcommands)
                .anyMatch(sub -> new CommandLine(sub).getCommandName().equals(args[0]));
        if (!service && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dse-cli-logback.xml");
        }
        return cli.execute(args);
    }

    /** The command line with the one-line error handling; tests drive it in-process. */
    public static CommandLine commandLine(Object... extraSubcommands) {
        CommandLine cli = new CommandLine(new Dse());
        for (Object sub : extraSubcommands) {
            cli.addSubcommand(sub);
        }
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + firstLine(ex.getMessage())
                    + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidDesignException invalid) {
                commandLine.getErr().println(commandLine.getCommandName() + ": --" + invalid.field().replace('_', '-')
                        + ": " + invalid.rule());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof DatasetException || ex instanceof TrainingFailedException) {
                commandLine.getErr().println();
                commandLine.getErr().println(commandLine.getCommandName() + ": " + ex.getMessage());
                return EXIT_FAILED;
            }
            if (System.getenv("DSE_DEBUG") != null) {
                throw ex;
            }
            // anything else (a port in use, an unreachable database): the cause in one line, not a stack trace
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            commandLine.getErr().println(commandLine.getCommandName() + ": failed: " + root.getClass().getSimpleName()
                    + ": " + root.getMessage() + " (DSE_DEBUG=1 shows the stack trace)");
            return EXIT_FAILED;
        });
        return cli;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
