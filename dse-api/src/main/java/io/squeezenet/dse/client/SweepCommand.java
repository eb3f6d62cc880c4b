package io.squeezenet.dse.client;

import io.squeezenet.dse.api.gate.GateReport;
import io.squeezenet.dse.api.gate.GateRequest;
import io.squeezenet.dse.api.report.SweepSummary;
import io.squeezenet.dse.api.search.Constraints;
import io.squeezenet.dse.api.search.SearchReport;
import io.squeezenet.dse.api.search.SearchSpace;
import io.squeezenet.dse.api.search.SearchStrategy;
import io.squeezenet.dse.api.sweep.Grid;
import io.squeezenet.dse.api.sweep.SweepRequest;
import io.squeezenet.dse.api.sweep.SweepStatus;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.sweep.TrainingSpec;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.cli.CommandLines;
import io.squeezenet.dse.model.cli.RecipeOptions;
import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.search.Pruner;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.worker.WorkerLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dse sweep}: sweeps from the command line and from CI, over the REST API like any client. {@code run} submits,
 * follows, judges and reports in one go (starting a standalone service for the run when no server is named);
 * {@code submit}, {@code status}, {@code wait}, {@code cancel} and {@code export} are the steps, for scripts.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run, submit, follow and export sweeps.",
        subcommands = {SweepCommand.Run.class, SweepCommand.Submit.class, SweepCommand.Status.class,
                SweepCommand.Wait.class, SweepCommand.Cancel.class, SweepCommand.Export.class})
public class SweepCommand {

    /** The files a finished sweep is exported as. */
    static final List<String> FILES = List.of("figure.svg", "results.csv", "results.json", "summary.json");
    /** And those of a sweep that measured compressions. */
    static final List<String> COMPRESSION_FILES = List.of("table2.json", "table2.md", "table2.svg", "compressions.csv");

    /** A search's record: every proposal with its origin and outcome, and the accuracy-size front it reached. */
    static final List<String> SEARCH_FILES = List.of("proposals.json", "front.json");

    /** What {@code export} writes of this sweep. */
    static List<String> files(SweepView sweep) {
        List<String> all = new ArrayList<>(FILES);
        if (sweep.compression() != null && !sweep.compression().isEmpty()) {
            all.addAll(COMPRESSION_FILES);
        }
        if (sweep.search() != null && sweep.search().strategy() != null) {
            all.addAll(SEARCH_FILES);
        }
        return List.copyOf(all);
    }

    /** What to sweep and how to train: a preset and grid lists, the recipe flags of dse train, the seeds. */
    static class RequestOptions {
        @Option(names = "--name", paramLabel = "TEXT", description = "the sweep's name (default: the preset and dataset)")
        String name;

        @Option(names = "--preset", paramLabel = "NAME",
                description = "fig3a | fig3b | table3 | squeezenet | ci-mini-sr | ci-mini-pct | ci-mini-bypass")
        String preset;

        @Option(names = "--base-e", split = ",", paramLabel = "N,...", description = "base_e values")
        List<Integer> baseE;

        @Option(names = "--incr-e", split = ",", paramLabel = "N,...", description = "incr_e values")
        List<Integer> incrE;

        @Option(names = "--freq", split = ",", paramLabel = "N,...", description = "freq values")
        List<Integer> freq;

        @Option(names = "--sr", split = ",", paramLabel = "R,...", description = "squeeze ratio values")
        List<Double> sr;

        @Option(names = "--pct-3x3", split = ",", paramLabel = "P,...", description = "pct_3x3 values")
        List<Double> pct3x3;

        @Option(names = "--bypass", split = ",", paramLabel = "TYPE,...", description = "none | simple | complex")
        List<String> bypass;

        @Option(names = "--variant", split = ",", paramLabel = "V,...", description = "v1.0 | v1.1 (SqueezeNet's macroarchitecture)")
        List<String> variant;

        @Option(names = "--seeds", split = ",", paramLabel = "N,...", description = "seeds per design (default: --seed)")
        List<Long> seeds;

        @Option(names = "--compress", paramLabel = "SPEC", converter = CompressionSpecs.class,
                description = "measure a compression on every trained trial (Table 2), repeatable: deep (33%, 8-bit),"
                        + " deep:DENSITY:BITS, deep:DENSITY:BITS:huffman or int8")
        List<CompressionSpec> compress;

        @Option(names = "--finetune-epochs", paramLabel = "N",
                description = "epochs of fine-tune after each --compress, 0 for none (default 1)")
        Integer finetuneEpochs;

        @Option(names = "--keep-weights", negatable = true, fallbackValue = "true",
                description = "store every trained trial's weights for download (default: for sweeps of up to 100 trials)")
        Boolean keepWeights;

        @Option(names = "--priority", paramLabel = "N", description = "weight when workers take turns, 1 to 10")
        Integer priority;

        @Mixin
        RecipeOptions recipe;

        @Mixin
        SearchOptions search = new SearchOptions();

        /** The request; {@code dataDir}: the data directory as the server will see it; {@code reuse} null: the server's. */
        SweepRequest request(TrainingRecipe training, String dataDir, Boolean reuse) {
            List<Long> seedList = seeds != null ? seeds : List.of(training.seed());
            String label = name != null ? name : (preset == null ? "sweep" : preset) + " on " + training.dataset();
            Grid grid = new Grid(baseE, incrE, freq, sr, pct3x3, bypass, variant);
            List<CompressionSpec> compression = compress == null ? null : compress.stream()
                    .map(c -> new CompressionSpec(c.method(), c.density(), c.bits(), c.huffman(), finetuneEpochs)).toList();
            return new SweepRequest(label, preset, grid, TrainingSpec.of(training, seedList, dataDir), reuse, null, priority,
                    keepWeights, compression, search.space, search.strategy(), search.constraints(), search.pruner);
        }
    }

    /** Search beyond the grid: a space, a strategy with its budget, constraints checked before training, a pruner. */
    static class SearchOptions {
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Option(names = "--space", paramLabel = "JSON|FILE", converter = SpaceConverter.class, description = "the space a"
                + " --strategy draws from, as the API's JSON or a file holding it, e.g. '{\"sr\": {\"min\": 0.125, \"max\":"
                + " 1}, \"base_e\": {\"min\": 64, \"max\": 256, \"step\": 32}, \"bypass\": [\"none\", \"simple\"]}'")
        SearchSpace space;

        @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyName.class,
                description = "random | bayesian (TPE) | evolutionary (NSGA-II): search the --space instead of the grid")
        SearchStrategy.Name strategy;

        @Option(names = "--budget", paramLabel = "N", description = "designs a --strategy trains (default 20)")
        Integer budget;

        @Option(names = "--search-seed", paramLabel = "N", description = "the --strategy's seed (default 0)")
        Long searchSeed;

        @Option(names = "--startup", paramLabel = "N", description = "designs drawn at random before TPE or NSGA-II take"
                + " over (default: a quarter of the budget, 4 to 10)")
        Integer startup;

        @Option(names = "--parallel", paramLabel = "N", description = "designs TPE or NSGA-II have in training at once"
                + " (default: one per live worker; set it for proposals that repeat exactly)")
        Integer parallel;

        @Option(names = "--size-mib-max", paramLabel = "MIB", description = "skip designs whose trained network is larger")
        Double sizeMibMax;

        @Option(names = "--imagenet-size-mib-max", paramLabel = "MIB",
                description = "skip designs larger than this at the paper's ImageNet scale")
        Double imagenetSizeMibMax;

        @Option(names = "--macs-max", paramLabel = "N", description = "skip designs with more multiply-adds per image")
        Long macsMax;

        @Option(names = "--pruner", paramLabel = "SPEC", converter = PrunerConverter.class, description = "stop weak"
                + " trials early: asha, asha:MIN_EPOCHS:REDUCTION, mo-asha (on accuracy and size), mo-asha:MIN_EPOCHS:REDUCTION,"
                + " median or median:WARMUP_EPOCHS")
        Pruner pruner;

        SearchStrategy strategy() {
            if (strategy == null) {
                if (budget != null || searchSeed != null || startup != null || parallel != null || space != null) {
                    throw new CommandLine.ParameterException(command.commandLine(),
                            "--space, --budget, --search-seed, --startup and --parallel need --strategy");
                }
                return null;
            }
            try {
                return new SearchStrategy(strategy, budget == null ? 20 : budget, searchSeed, startup, null, parallel);
            } catch (InvalidFieldException e) {
                throw new CommandLine.ParameterException(command.commandLine(), "--" + e.field() + ": " + e.rule());
            }
        }

        Constraints constraints() {
            return sizeMibMax == null && imagenetSizeMibMax == null && macsMax == null ? null
                    : new Constraints(sizeMibMax, imagenetSizeMibMax, macsMax, null);
        }
    }

    /** {@code --strategy}: the API's names; the external one is for clients that bring their own sampler. */
    static final class StrategyName implements CommandLine.ITypeConverter<SearchStrategy.Name> {
        @Override
        public SearchStrategy.Name convert(String value) {
            var name = SearchStrategy.Name.parse(value);
            if (name == SearchStrategy.Name.EXTERNAL) {
                throw new CommandLine.TypeConversionException("'external' takes designs from a client's sampler through"
                        + " the API (see examples/optuna_dse.py); use random, bayesian or evolutionary here");
            }
            return name;
        }
    }

    /** {@code --space}: the API's JSON, inline or in a file. */
    static final class SpaceConverter implements CommandLine.ITypeConverter<SearchSpace> {
        @Override
        public SearchSpace convert(String value) {
            String text;
            try {
                text = value.strip().startsWith("{") ? value : Files.readString(Path.of(value));
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': neither the space's JSON nor a file"
                        + " holding it (" + e.getMessage() + ")");
            }
            try {
                return JsonMapper.builder().build()
                        .readValue(text, SearchSpace.class);
            } catch (JacksonException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': not a space: "
                        + (e.getCause() instanceof InvalidFieldException f
                        ? f.field() + " " + f.rule() : e.getOriginalMessage()));
            }
        }
    }

    /** {@code --pruner}: {@code asha}, {@code asha:1:3}, {@code mo-asha}, {@code mo-asha:1:3}, {@code median} or {@code median:1}. */
    static final class PrunerConverter implements CommandLine.ITypeConverter<Pruner> {
        @Override
        public Pruner convert(String value) {
            String[] parts = value.trim().split(":");
            try {
                var name = Pruner.Name.parse(parts[0]);
                if (name != Pruner.Name.MEDIAN && (parts.length == 1 || parts.length == 3)) {
                    return new Pruner(name, null,
                            parts.length == 3 ? Integer.valueOf(parts[1]) : null,
                            parts.length == 3 ? Integer.valueOf(parts[2]) : null);
                }
                if (name == Pruner.Name.MEDIAN && parts.length <= 2) {
                    return new Pruner(name, parts.length == 2 ? Integer.valueOf(parts[1])
                            : null, null, null);
                }
            } catch (NumberFormatException | InvalidFieldException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
            throw new CommandLine.TypeConversionException("'" + value + "': expected asha, asha:MIN_EPOCHS:REDUCTION,"
                    + " mo-asha, mo-asha:MIN_EPOCHS:REDUCTION, median or median:WARMUP_EPOCHS");
        }
    }

    /** The gates of a CI run; points as percentage points, floors as fractions. */
    static class GateOptions {
        @Option(names = "--min-top1", paramLabel = "X", description = "floor on every design's mean top-1 (a fraction)")
        Double minTop1;

        @Option(names = "--min-top5", paramLabel = "X", description = "floor on every design's mean top-5 (a fraction)")
        Double minTop5;

        @Option(names = "--trend-tolerance", paramLabel = "PTS", description = "SR and pct_3x3 presets: how many points"
                + " the largest setting may trail the smallest (default 2)")
        Double trendTolerance;

        @Option(names = "--baseline", paramLabel = "WHICH", description = "last-passing (default) | none")
        String baseline;

        @Option(names = "--max-drop", paramLabel = "PTS", description = "largest drop below the baseline, in points"
                + " (default 5; with several seeds also at most 3 std)")
        Double maxDrop;

        GateRequest request(CommandLine command) {
            GateRequest.Baseline which = baseline == null ? null : switch (baseline) {
                case "last-passing" -> GateRequest.Baseline.LAST_PASSING;
                case "none" -> GateRequest.Baseline.NONE;
                default -> throw new CommandLine.ParameterException(command,
                        "--baseline: must be last-passing or none, got '" + baseline + "'");
            };
            points(command, "--trend-tolerance", trendTolerance);
            points(command, "--max-drop", maxDrop);
            try {
                return new GateRequest(minTop1, minTop5, trendTolerance == null ? null : trendTolerance / 100, which,
                        maxDrop == null ? null : maxDrop / 100).validated();
            } catch (InvalidFieldException e) {
                throw new CommandLine.ParameterException(command, "--" + e.field().replace('_', '-') + ": " + e.rule());
            }
        }

        private static void points(CommandLine command, String flag, Double value) {
            if (value != null && !(value >= 0 && value <= 100)) {
                throw new CommandLine.ParameterException(command, flag + ": must be in [0, 100] percentage points (5 ="
                        + " 5 points), got " + value);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
            "Submit a sweep, follow it, judge it and write its reports: exit 0 when every trial succeeded and every gate"
                    + " passed, 1 when not (one line per failed gate), 2 for bad flags.",
            "Without --server (or DSE_SERVER) it starts the standalone service for the run and stops it after."})
    static class Run implements Callable<Integer> {
        @Mixin
        RequestOptions what;

        @Mixin
        GateOptions gates;

        @Mixin
        ServiceOptions.WithServiceDir service;

        @Option(names = "--out", paramLabel = "DIR", description = "where figure.svg, results and summary go"
                + " (default ${DEFAULT-VALUE})")
        Path out = Path.of("sweep-out");

        @Option(names = "--junit", paramLabel = "FILE", description = "JUnit XML: a testcase per trial and per gate")
        Path junit;

        @Option(names = "--summary", paramLabel = "FILE", description = "Markdown for a CI job summary")
        Path summary;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "cancel and fail after this long, e.g. 30m,"
                + " 2h, 90s (default ${DEFAULT-VALUE})", converter = DurationConverter.class)
        Duration timeout = Duration.ofMinutes(60);

        @Option(names = "--workers", paramLabel = "N", description = "a standalone service's trials at once, each in a"
                + " worker process with its share of the cores (default: the measured best for this machine: one at a"
                + " time with every core on the CPU, two processes per GPU)")
        Integer workers;

        @Option(names = "--verbose", description = "a standalone service's log on the terminal (default: in its"
                + " directory)")
        boolean verbose;

        @Option(names = "--reuse-results", description = "take an identical earlier trial's result instead of training"
                + " (default: train every trial, so a nightly run measures tonight's code)")
        boolean reuseResults;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CommandLine command = spec.commandLine();
            TrainingRecipe training = recipe(command, what);
            GateRequest gateRequest = gates.request(command);
            if (workers != null && (workers < 1 || workers > WorkerLayout.MAX_PROCESSES)) {
                throw new CommandLine.ParameterException(command, "--workers: must be in [1, "
                        + WorkerLayout.MAX_PROCESSES + "], got " + workers);
            }
            PrintWriter err = command.getErr();
            PrintWriter stdout = command.getOut();
            if (service.serverGiven()) {
                return run(service.client(command), service.base().toString(), training, training.dataDir(), gateRequest,
                        stdout, err);
            }
            Path dir = service.serviceDir() != null ? service.serviceDir() : Files.createTempDirectory("dse-sweep-");
            List<String> settings = new ArrayList<>();
            String dataDir = null;
            if (training.dataDir() != null) {
                // the service reads the dataset from where this command was told it is
                settings.add("--dse.sweeps.datasets-dir=" + Path.of(training.dataDir()).toAbsolutePath().normalize());
                dataDir = ".";
            }
            stdout.printf("dse sweep: starting a standalone service (database in %s%s) ...%n", dir,
                    verbose ? "" : ", log in " + dir.resolve("dse.log"));
            stdout.flush();
            try (StandaloneService standalone = StandaloneService.start(dir, 0, workers, verbose, settings)) {
                return run(standalone.client(), standalone.base().toString(), training, dataDir, gateRequest, stdout, err);
            } finally {
                if (service.serviceDir() == null) {
                    deleteTree(dir);
                }
            }
        }

        private int run(ServiceClient client, String server, TrainingRecipe training, String dataDir,
                        GateRequest gateRequest, PrintWriter stdout, PrintWriter err) throws IOException, InterruptedException {
            long started = System.nanoTime();
            SweepView sweep = submit(client, what.request(training, dataDir, reuseResults), spec.commandLine());
            stdout.printf(Locale.ROOT, "dse sweep: sweep %d \"%s\": %d trials on %s%n", sweep.id(), sweep.name(),
                    sweep.trialCount(), server);
            stdout.flush();
            Optional<SweepView> finished = new SweepProgress(client, err, training.epochs()).follow(sweep.id(), timeout);
            GateReport report;
            if (finished.isEmpty()) {
                client.cancel(sweep.id());
                report = new GateReport(false, List.of(new GateReport.Gate("finished", false, "timed out after "
                        + SweepProgress.duration(timeout.toSeconds()) + "; the sweep was cancelled")), null, gateRequest,
                        null);
            } else {
                report = client.gates(sweep.id(), gateRequest);
            }
            RunReports.Run run = new RunReports.Run(client.sweep(sweep.id()), client.trials(sweep.id()),
                    client.summary(sweep.id()), report, (System.nanoTime() - started) / 1e9);
            // the CI job's reports first: they matter most when something below fails
            if (junit != null) {
                RunReports.junit(junit, run);
            }
            if (summary != null) {
                RunReports.markdown(summary, run, out.resolve("figure.svg"));
            }
            List<String> files = files(run.sweep());
            client.export(sweep.id(), out, files);
            print(run, stdout);
            stdout.printf("  wrote %s: %s%s%s%n", out, String.join(", ", files),
                    junit == null ? "" : "; " + junit, summary == null ? "" : "; " + summary);
            stdout.flush();
            return run.passed() ? 0 : CommandLines.EXIT_FAILED;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a sweep to a server and print its id.")
    static class Submit implements Callable<Integer> {
        @Mixin
        RequestOptions what;

        @Mixin
        ServiceOptions.WithServiceDir service;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine command = spec.commandLine();
            TrainingRecipe training = recipe(command, what);
            return refusedAsExit(() -> {
                SweepView sweep = submit(service.client(command), what.request(training, training.dataDir(), null), command);
                command.getErr().printf(Locale.ROOT, "sweep %d \"%s\": %d trials queued on %s%n", sweep.id(), sweep.name(),
                        sweep.trialCount(), service.base());
                command.getOut().println(sweep.id());
                return 0;
            }, command);
        }
    }

    /** A sweep named by id on a server. */
    abstract static class OnSweep implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the sweep's id")
        long id;

        @Mixin
        ServiceOptions.WithServiceDir service;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CommandLine command = spec.commandLine();
            return refusedAsExit(() -> on(service.client(command), command), command);
        }

        abstract int on(ServiceClient client, CommandLine command) throws Exception;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a sweep's progress and verdict.")
    static class Status extends OnSweep {
        @Override
        int on(ServiceClient client, CommandLine command) {
            SweepView s = client.sweep(id);
            command.getOut().println(status(s));
            if (s.gates() != null) {
                s.gates().gates().forEach(g -> command.getOut().println("  " + gateLine(g)));
            }
            return 0;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Follow a sweep until it is done: exit 0 when every trial succeeded, 1 when not or timed out.")
    static class Wait extends OnSweep {
        @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "give up after this long (the sweep goes on), e.g. 30m")
        Duration timeout;

        @Override
        int on(ServiceClient client, CommandLine command) throws InterruptedException {
            Optional<SweepView> done = new SweepProgress(client, command.getErr(), 0).follow(id, timeout);
            if (done.isEmpty()) {
                command.getOut().println("sweep " + id + ": still running after " + SweepProgress.duration(timeout.toSeconds()));
                return CommandLines.EXIT_FAILED;
            }
            command.getOut().println(status(done.get()));
            return done.get().status() == SweepStatus.SUCCEEDED ? 0 : CommandLines.EXIT_FAILED;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a sweep's queued and running trials.")
    static class Cancel extends OnSweep {
        @Override
        int on(ServiceClient client, CommandLine command) {
            command.getOut().println(status(client.cancel(id)));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a sweep's figure.svg, results.csv, results.json and summary.json (and Table 2's files when it"
                    + " measured compressions) into a directory.")
    static class Export extends OnSweep {
        @Option(names = "--out", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
        Path out = Path.of("sweep-out");

        @Override
        int on(ServiceClient client, CommandLine command) throws IOException {
            List<String> files = files(client.sweep(id));
            client.export(id, out, files);
            command.getOut().printf("sweep %d: wrote %s: %s%n", id, out, String.join(", ", files));
            return 0;
        }
    }

    /** {@code --compress}: {@code deep}, {@code deep:0.33:6}, {@code deep:0.33:6:huffman} or {@code int8}. */
    static final class CompressionSpecs implements CommandLine.ITypeConverter<CompressionSpec> {
        @Override
        public CompressionSpec convert(String value) {
            String[] parts = value.trim().split(":");
            try {
                CompressionMethod method = CompressionMethod.parse(parts[0]);
                if (method == CompressionMethod.INT8 && parts.length == 1) {
                    return new CompressionSpec(method, null, null, null, null);
                }
                if (method == CompressionMethod.DEEP && (parts.length == 1 || parts.length == 3
                        || parts.length == 4 && parts[3].equals("huffman"))) {
                    return new CompressionSpec(method, parts.length > 1 ? Double.valueOf(parts[1]) : null,
                            parts.length > 2 ? Integer.valueOf(parts[2]) : null, parts.length == 4 ? Boolean.TRUE : null, null);
                }
            } catch (NumberFormatException | InvalidFieldException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
            throw new CommandLine.TypeConversionException("'" + value + "': expected deep, deep:DENSITY:BITS,"
                    + " deep:DENSITY:BITS:huffman or int8");
        }
    }

    /** The recipe flags as dse train reads them; a refusal names the flag. */
    static TrainingRecipe recipe(CommandLine command, RequestOptions what) {
        TrainingRecipe recipe;
        Placement placement;
        try {
            recipe = what.recipe.recipe();
            placement = what.recipe.placement();
        } catch (InvalidFieldException e) {
            throw new CommandLine.ParameterException(command, "--" + e.field().replace('_', '-') + ": " + e.rule());
        }
        if (!placement.equals(Placement.AUTO)) {
            throw new CommandLine.ParameterException(command, "--threads, --device: a sweep's trials run on its workers,"
                    + " which choose their own (./dse worker --threads); these apply to ./dse train");
        }
        return recipe;
    }

    /** A 400 from the server is a bad flag (exit 2), in the server's words. */
    static SweepView submit(ServiceClient client, SweepRequest request, CommandLine command) {
        try {
            return client.submit(request);
        } catch (ServiceClient.Refused e) {
            if (e.status() == 400) {
                throw new CommandLine.ParameterException(command, e.getMessage());
            }
            throw e;
        }
    }

    interface Step {
        int run() throws Exception;
    }

    static int refusedAsExit(Step step, CommandLine command) {
        try {
            return step.run();
        } catch (ServiceClient.Refused e) {
            command.getErr().println("dse sweep: " + e.getMessage());
            return CommandLines.EXIT_FAILED;
        } catch (CommandLine.ParameterException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static void print(RunReports.Run run, PrintWriter out) {
        out.println(status(run.sweep()));
        SearchReport search = run.sweep().search();
        if (search != null) {
            out.printf(Locale.ROOT, "  search: %s: %d designs queued of %d proposals; refused before training: %d by the"
                    + " constraints, %d unbuildable, %d repeats%n", search.strategy() == null ? "grid"
                    : search.strategy().name().label(), search.designs(), search.proposals(),
                    search.rejectedByConstraints(), search.rejectedInvalid(), search.duplicates());
        }
        out.printf("  %-64s %10s %14s %14s%n", "design", "size MiB", "top-1", "top-5");
        for (SweepSummary.Point p : run.summary().points()) {
            out.printf(Locale.ROOT, "  %-64s %10.3f %14s %14s%n", p.metaparameters(), p.sizeMib(),
                    RunReports.accuracy(p.top1Mean(), p.top1Std()), RunReports.accuracy(p.top5Mean(), p.top5Std()));
        }
        out.println("  compute: " + run.summary().compute().line());
        for (GateReport.Gate g : run.gates().gates()) {
            out.println("  " + gateLine(g));
        }
        out.println(run.passed() ? "dse sweep: passed" : "dse sweep: FAILED");
    }

    static String gateLine(GateReport.Gate g) {
        return (g.passed() ? "pass " : "FAIL ") + g.name() + ": " + g.detail();
    }

    static String status(SweepView s) {
        long pruned = s.counts().getOrDefault(TrialStatus.PRUNED, 0L);
        return String.format(Locale.ROOT, "sweep %d \"%s\": %s, %d of %d trials succeeded, %s%d failed%s", s.id(), s.name(),
                s.status(), s.counts().get(TrialStatus.SUCCEEDED), s.trialCount(),
                pruned == 0 ? "" : pruned + " pruned, ", s.counts().get(TrialStatus.FAILED),
                s.gates() == null ? "" : s.gates().passed() ? "; gates passed" : "; gates FAILED");
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, or ISO-8601 ({@code PT30M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.matches("\\d+[smh]")) {
                    long n = Long.parseLong(t.substring(0, t.length() - 1));
                    return switch (t.charAt(t.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    };
                }
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("expected a duration such as 90s, 30m or 2h, got '" + text + "'");
            }
        }
    }
}
