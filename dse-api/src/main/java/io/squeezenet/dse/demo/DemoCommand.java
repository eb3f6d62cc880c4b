package io.squeezenet.dse.demo;

import io.squeezenet.dse.client.ServiceClient;
import io.squeezenet.dse.client.StandaloneService;
import io.squeezenet.dse.client.SweepProgress;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import io.squeezenet.dse.api.sweep.SweepRequest;
import io.squeezenet.dse.api.sweep.SweepStatus;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.sweep.TrainingSpec;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.cli.CommandLines;
import io.squeezenet.dse.model.dataset.DatasetKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dse demo}: the main job on a fresh machine. Starts the standalone service, runs one of the paper's studies
 * on Fashion-MNIST at a budget sized for 2 CPU cores, shows its progress, writes the figure, results, summary and
 * report, then keeps serving (or exits with {@code --exit}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Regenerate one of the paper's studies (Figure 3a, 3b or Table 3) on Fashion-MNIST, end to end.")
public class DemoCommand implements Callable<Integer> {

    /** The files written into {@code --out}. */
    static final List<String> FILES = List.of("figure.svg", "figure.png", "results.csv", "summary.json", "report.md");

    @Option(names = "--preset", paramLabel = "NAME", description = "fig3a (default) | fig3b | table3")
    String preset = "fig3a";

    @Option(names = "--quick", description = "a smaller budget: about 2 minutes for fig3a on 2 cores (default about 10)")
    boolean quick;

    @Option(names = "--seeds", paramLabel = "N", description = "seeds per design (default: 2, or 1 with --quick)")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "where the files go (default ${DEFAULT-VALUE})")
    Path out = Path.of("demo-out");

    @Option(names = "--exit", description = "exit when the files are written instead of serving on")
    boolean exit;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = StandaloneSettings.DEFAULT_DATA_DIR,
            description = "the service's data directory (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--verbose", description = "show the framework's log on the terminal (default: <data-dir>/dse.log)")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The budget: subsets, epochs and seeds. */
    record Budget(int trainSubset, int testSubset, int epochs, int seeds) {
    }

    Budget budget() {
        Budget b = quick ? new Budget(1000, 300, 2, 1) : new Budget(2000, 500, 3, 2);
        return seeds == null ? b : new Budget(b.trainSubset(), b.testSubset(), b.epochs(), seeds);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Budget budget = budget();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Files.createDirectories(dataDir);
        stdout.printf("dse demo: starting the service (embedded PostgreSQL in %s%s) ...%n", dataDir,
                verbose ? "" : ", log in " + dataDir.resolve("dse.log"));
        stdout.flush();
        try (StandaloneService service = StandaloneService.start(dataDir, port, null, verbose, List.of())) {
            return demo(service, budget, err, stdout);
        }
    }

    private int demo(StandaloneService service, Budget budget, PrintWriter err, PrintWriter stdout)
            throws IOException, InterruptedException {
        ServiceClient client = service.client();
        URI base = service.base();
        SweepView sweep = client.submit(request(budget));
        stdout.printf(Locale.ROOT, "dse demo: %s: %d trials (%d designs x %d seed%s), %,d train / %,d test images, %d epochs%n",
                sweep.name(), sweep.trialCount(), sweep.trialCount() / budget.seeds(), budget.seeds(),
                budget.seeds() == 1 ? "" : "s", budget.trainSubset(), budget.testSubset(), budget.epochs());
        stdout.printf("  watch it in the dashboard: %s/sweeps/%d%n", base, sweep.id());
        stdout.flush();
        long started = System.nanoTime();
        SweepView done = new SweepProgress(client, err, budget.epochs()).follow(sweep.id(), null).orElseThrow();
        client.export(done.id(), out, FILES);
        long succeeded = done.counts().get(TrialStatus.SUCCEEDED);
        long failed = done.counts().get(TrialStatus.FAILED);
        stdout.printf(Locale.ROOT, "dse demo: %d of %d trials succeeded%s%s in %s%n", succeeded, done.trialCount(),
                failed > 0 ? " (" + failed + " failed: see results.csv)" : "",
                done.status() == SweepStatus.CANCELLED ? "; the sweep was cancelled" : "",
                SweepProgress.duration((System.nanoTime() - started) / 1e9));
        stdout.printf("  wrote %s: %s%n", out, String.join(", ", FILES));
        stdout.printf("  read %s first; the sweep: %s/sweeps/%d (API: /api/v1/sweeps/%d)%n", out.resolve("report.md"), base,
                done.id(), done.id());
        int status = done.status() == SweepStatus.SUCCEEDED ? 0 : CommandLines.EXIT_FAILED;
        if (exit) {
            stdout.flush();
            return status;
        }
        stdout.printf("  serving the dashboard on %s/ (API: %s/api/v1/sweeps); Ctrl-C stops%n", base, base);
        stdout.flush();
        service.awaitClosed();
        return status;
    }

    private void validate() {
        if (!List.of("fig3a", "fig3b", "table3").contains(preset)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--preset: must be one of [fig3a, fig3b, table3], got '" + preset + "'");
        }
        if (seeds != null && (seeds < 1 || seeds > TrainingSpec.MAX_SEEDS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seeds: must be in [1, " + TrainingSpec.MAX_SEEDS + "], got " + seeds);
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port: must be in [0, 65535], got " + port);
        }
        // before the service starts: every trial of the study would fail without it
        if (!java.nio.file.Files.isDirectory(io.squeezenet.dse.model.dataset.IdxFiles.DEBIAN_FASHION_MNIST)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "dse demo trains on Fashion-MNIST, which is not"
                    + " installed (" + io.squeezenet.dse.model.dataset.IdxFiles.DEBIAN_FASHION_MNIST + "): run"
                    + " scripts/install-deps.sh --run (Debian's dataset-fashion-mnist)");
        }
    }

    SweepRequest request(Budget budget) {
        String study = switch (preset) {
            case "fig3a" -> "Figure 3a (squeeze ratio)";
            case "fig3b" -> "Figure 3b (share of 3x3 filters)";
            default -> "Table 3 (bypass)";
        };
        List<Long> seedList = LongStream.rangeClosed(1, budget.seeds()).boxed().toList();
        TrainingSpec training = new TrainingSpec(DatasetKind.FASHION_MNIST, budget.trainSubset(), budget.testSubset(),
                budget.epochs(), null, null, null, null, null, null, null, seedList, null, null, null, null, null, null, null);
        return new SweepRequest(study + " on Fashion-MNIST", preset, null, training, null, null, null);
    }
}
