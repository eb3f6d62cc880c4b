package io.squeezenet.dse;

import io.squeezenet.dse.demo.DemoCommand;
import io.squeezenet.dse.model.cli.Dse;

/** The {@code ./dse} launcher's entry point: the model's commands plus {@code up} and {@code worker}. */
public final class DseMain {

    private DseMain() {
    }

    public static void main(String[] args) {
        System.exit(Dse.run(args, new UpCommand(), new WorkerCommand(), new DemoCommand()));
    }
}
