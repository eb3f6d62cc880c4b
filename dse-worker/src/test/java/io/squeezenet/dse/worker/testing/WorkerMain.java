package io.squeezenet.dse.worker.testing;

import io.squeezenet.dse.workerprocess.WorkerCommand;
import picocli.CommandLine;

/** {@code dse worker} in a child JVM, as the fault tests start it. */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerCommand()).execute(args));
    }
}
