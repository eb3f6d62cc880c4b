package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.dataset.DatasetException;
import io.squeezenet.dse.model.training.TrainingFailedException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How every {@code ./dse} command ends: bad input with exit status 2 and one line naming the flag and the rule (a
 * user typing flags wants the rule, not a stack trace or the whole usage page), a failure with status 1 and its
 * cause in one line. The commands themselves are listed in one place, the launcher's {@code DseMain}.
 */
public final class CommandLines {

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILED = 1;

    private CommandLines() {
    }

    /**
     * The model's commands log warnings only, to stderr, so stdout holds just the answer; the service commands run
     * Spring Boot with its own logging.
     */
    public static void useQuietLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dse-cli-logback.xml");
        }
    }

    /** {@code cli} with the one-line error handling. */
    public static CommandLine configure(CommandLine cli) {
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + firstLine(ex.getMessage())
                    + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidFieldException invalid) {
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
