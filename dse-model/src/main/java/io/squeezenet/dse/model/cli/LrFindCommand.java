package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.training.Devices;
import io.squeezenet.dse.model.training.LearningRateRange;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.SqueezeNetTrainer;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dse lr-find}: a learning-rate range test on one design and dataset, with the loss against the rate. */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = "Learning-rate range test: train with an exponentially growing rate, print loss against rate and a suggestion.")
public class LrFindCommand implements Callable<Integer> {

    static final int ROWS = 20;
    static final int BAR = 30;

    @Mixin
    DesignOptions design;

    @Mixin
    RecipeOptions training;

    @Option(names = "--min-lr", paramLabel = "LR", description = "first rate (default ${DEFAULT-VALUE})")
    double minRate = 1e-6;

    @Option(names = "--max-lr", paramLabel = "LR", description = "last rate (default ${DEFAULT-VALUE})")
    double maxRate = 1.0;

    @Option(names = "--steps", paramLabel = "N", description = "batches, one rate each (default ${DEFAULT-VALUE})")
    int steps = 100;

    @Option(names = "--json", description = "print every step and the suggestion as one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TrainingRecipe recipe = training.recipe();
        Placement placement = training.placement();
        LearningRateRange range = new SqueezeNetTrainer(placement).findLearningRate(design.metaparameters(), recipe,
                minRate, maxRate, steps, new TrainCommand.ProgressBar(err,
                () -> "device: " + Devices.describe(placement.device())));
        err.println();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(range));
            out.flush();
            return 0;
        }
        var recorded = range.steps();
        double low = recorded.stream().mapToDouble(LearningRateRange.Step::smoothedLoss).min().orElse(0);
        double high = recorded.stream().mapToDouble(LearningRateRange.Step::smoothedLoss).filter(Double::isFinite).max().orElse(1);
        out.printf("%-10s %-9s%n", "rate", "smoothed loss");
        int every = Math.max(1, recorded.size() / ROWS);
        for (int i = 0; i < recorded.size(); i += every) {
            var s = recorded.get(i);
            int bar = high > low ? (int) Math.round(BAR * (s.smoothedLoss() - low) / (high - low)) : 0;
            out.printf(Locale.ROOT, "%-10.2e %-9.4f %s%n", s.learningRate(), s.smoothedLoss(),
                    "#".repeat(Math.max(0, Math.min(BAR, bar))));
        }
        if (range.suggestion() == null) {
            out.println("no suggestion: the loss never fell; try a wider range (--min-lr, --max-lr) or more --steps");
        } else {
            out.printf(Locale.ROOT, "suggested learning_rate: %.2e (steepest fall of the loss); lowest loss at %.2e%n",
                    range.suggestion(), range.lowestLossAt());
            out.printf(Locale.ROOT, "use it: ./dse train ... --lr %.2e, or \"learning_rate\": %.2e in a sweep's training%n",
                    range.suggestion(), range.suggestion());
        }
        out.flush();
        return 0;
    }
}
