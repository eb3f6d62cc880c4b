package io.squeezenet.dse;

import io.squeezenet.dse.client.SweepCommand;
import io.squeezenet.dse.client.TokenCommand;
import io.squeezenet.dse.demo.DemoCommand;
import io.squeezenet.dse.model.cli.ArchCommand;
import io.squeezenet.dse.model.cli.CommandLines;
import io.squeezenet.dse.model.cli.CompressCommand;
import io.squeezenet.dse.model.cli.EvalCommand;
import io.squeezenet.dse.model.cli.LrFindCommand;
import io.squeezenet.dse.model.cli.TrainCommand;
import io.squeezenet.dse.workerprocess.WorkerCommand;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code ./dse} launcher: every command, in one place. */
@Command(name = "dse", mixinStandardHelpOptions = true, version = "squeezenet-dse 0.1.0",
        description = "Design-space exploration of SqueezeNet-style CNNs (Iandola et al., arXiv 1602.07360).",
        subcommands = {ArchCommand.class, TrainCommand.class, EvalCommand.class, CompressCommand.class, LrFindCommand.class, UpCommand.class,
                WorkerCommand.class, DemoCommand.class, TokenCommand.class, SweepCommand.class})
public final class DseMain {

    /** The commands that run the service (Spring Boot and its log); the others answer on stdout and exit. */
    static final Set<String> SERVICE_COMMANDS = Set.of("up", "worker", "demo");

    public static void main(String[] args) {
        boolean service = args.length > 0 && (SERVICE_COMMANDS.contains(args[0])
                || args[0].equals("sweep") && args.length > 1 && args[1].equals("run"));   // may start one
        if (!service) {
            CommandLines.useQuietLogging();
        }
        System.exit(commandLine().execute(args));
    }

    /** The whole command line with its one-line error handling; tests drive it in-process. */
    public static CommandLine commandLine() {
        return CommandLines.configure(new CommandLine(new DseMain()));
    }
}
