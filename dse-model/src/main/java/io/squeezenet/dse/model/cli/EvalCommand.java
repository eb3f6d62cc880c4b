package io.squeezenet.dse.model.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.training.Devices;
import io.squeezenet.dse.model.training.TrainedNetwork;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dse eval}: top-1/top-5 of a trained network's weights file, on the test split it was trained against. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained network's weights (top-1/top-5 on the test split; no training).")
public class EvalCommand implements Callable<Integer> {

    @Mixin
    EvaluationOptions evaluation;

    @Option(names = "--json", description = "print one JSON object instead of the summary")
    boolean json;

    @Spec
    CommandSpec spec;

    /** What {@code dse eval --json} prints. */
    public record Report(
            @JsonProperty("weights") String weights,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("metaparameters") Metaparameters metaparameters,
            @JsonProperty("params") long params,
            @JsonProperty("dataset") DatasetKind dataset,
            @JsonProperty("train_subset") Integer trainSubset,
            @JsonProperty("test_subset") Integer testSubset,
            @JsonProperty("seed") long seed,
            @JsonProperty("top1") double top1,
            @JsonProperty("top5") double top5,
            @JsonProperty("test_images") int testImages) {
    }

    @Override
    public Integer call() {
        String sha256 = sha256(evaluation.weights);
        Placement placement = evaluation.placement();
        try (TrainedNetwork network = TrainedNetwork.load(evaluation.weights, placement.device())) {
            TrainingRecipe recipe = evaluation.recipe(network.recipe());
            spec.commandLine().getErr().println("evaluating " + network.metaparameters() + " on " + recipe.dataset()
                    + " (device: " + Devices.describe(placement.device()) + ") ...");
            Split data = TrainedNetwork.dataFor(recipe);
            var topK = network.evaluate(data, evaluation.batchSize(network.recipe()), placement.threads(), () -> false);
            Report report = new Report(evaluation.weights.toString(), sha256, network.metaparameters(),
                    network.architecture().params(), recipe.dataset(), recipe.trainSubset(), recipe.testSubset(),
                    recipe.seed(), topK.top1(), topK.top5(), topK.images());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(report));
            } else {
                out.printf(Locale.ROOT, "top-1 %.2f%%  top-5 %.2f%%  on %,d test images of %s (seed %d)%n",
                        report.top1() * 100, report.top5() * 100, report.testImages(), report.dataset(), report.seed());
                out.printf(Locale.ROOT, "network: %s, %,d parameters; weights %s (sha256 %s)%n",
                        report.metaparameters(), report.params(), report.weights(), sha256);
            }
            out.flush();
        }
        return 0;
    }

    /** The file's SHA-256, as the API's download reports it, so a copy can be checked against its source. */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new io.squeezenet.dse.model.InvalidFieldException("weights", "no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
