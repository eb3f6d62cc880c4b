package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.api.search.CodedSpace;
import io.squeezenet.dse.api.search.Constraints;
import io.squeezenet.dse.api.search.Proposer;
import io.squeezenet.dse.api.search.RandomSearch;
import io.squeezenet.dse.api.search.SearchReport;
import io.squeezenet.dse.api.search.SearchSpace;
import io.squeezenet.dse.api.search.SearchStrategy;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.db.search.SearchProposals;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialBatch;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.dataset.DatasetException;
import io.squeezenet.dse.model.search.Pruner;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request into its trials: preset lists overridden by the grid's, missing lists filled with v1.0's values,
 * the cartesian product times the seeds, each with its exact sizes. Every refusal names the field.
 */
@Component
public class SweepPlanner {

    public static final int MAX_NAME = 200;
    static final int MAX_LIST = 1000;

    /** One trial to be: a design, a seed, its sizes and its reuse key. */
    public record PlannedTrial(Metaparameters metaparameters, long seed, Architecture trained, Architecture imagenet,
                               String recipeKey) {
    }

    public record Plan(String name, Preset preset, TrainingRecipe recipe, List<Long> seeds, List<PlannedTrial> trials,
                       boolean reuseResults, int maxAttempts, int priority, boolean keepWeights,
                       List<CompressionSpec> compression, SearchReport search, Pruner pruner,
                       List<Proposer.Step> proposals, boolean searchOpen) {
    }

    static final int MAX_PRIORITY = 10;
    /** Weights are a few MB per trial: kept by default for sweeps this size or smaller. */
    static final int KEEP_WEIGHTS_UP_TO_TRIALS = 100;
    static final int MAX_COMPRESSIONS = 8;

    private final SweepSettings settings;
    private final SweepRepository sweeps;
    private final TrialBatch batch;
    private final TrialQueue queue;
    private final SearchProposals proposals;
    private final JsonMapper json = JsonMapper.builder().build();

    public SweepPlanner(SweepSettings settings, SweepRepository sweeps, TrialBatch batch,
                        TrialQueue queue, SearchProposals proposals) {
        this.proposals = proposals;
        this.batch = batch;
        this.queue = queue;
        this.settings = settings;
        this.sweeps = sweeps;
    }

    /**
     * Stores a plan, in the caller's transaction: the sweep with its request as accepted and its training in the one
     * stored form ({@link SweepTraining}), and each trial with the sizes planned here, which the worker's trained
     * network must match. {@code owner}: the submitting token's name.
     */
    public Sweep save(Plan plan, String requestJson, String idempotencyKey, String owner) {
        Sweep sweep = sweeps.save(new Sweep(plan.name(), plan.preset() == null ? null : plan.preset().label(),
                requestJson, new SweepTraining(plan.recipe(), plan.seeds()).write(), idempotencyKey, plan.reuseResults(),
                owner, plan.priority()).keeping(plan.keepWeights(), json.writeValueAsString(plan.compression()))
                .searched(plan.search() == null ? null : json.writeValueAsString(plan.search()), plan.searchOpen())
                .pruned(plan.pruner() == null ? null : json.writeValueAsString(plan.pruner())));
        sweeps.flush();
        record(sweep.getId(), 1, plan.proposals());
        insert(sweep.getId(), plan.trials(), plan.recipe(), plan.maxAttempts());
        return sweep;
    }

    /** Attempts per trial before it is FAILED: the request's, 3 by default. */
    public static int maxAttempts(SweepRequest request) {
        return request.maxAttempts() == null ? 3 : request.maxAttempts();
    }

    /** Queues a sweep's trials, in the caller's transaction. */
    public void insert(long sweepId, List<PlannedTrial> trials, TrainingRecipe recipe, int maxAttempts) {
        batch.insert(trials.stream().map(t -> new Trial(sweepId, t.metaparameters(), t.seed(), t.trained().params(),
                t.trained().sizeBytes(), t.imagenet().params(), t.imagenet().sizeBytes(),
                t.trained().trainingMemoryBytes(recipe.batchSize()), t.recipeKey(), maxAttempts)).toList());
    }

    /** Records a search's proposals, numbered from {@code first}, in the caller's transaction. */
    public void record(long sweepId, int first, List<Proposer.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Proposer.Step s = steps.get(i);
            proposals.add(new Proposal(sweepId, first + i, s.origin(), s.design(), s.outcome(), s.reason(), null));
        }
    }

    /**
     * Names are shown in tables, logs and file names: a control character (U+0000 to U+001F, U+007F to U+009F) there
     * is a mistake or an attack, and PostgreSQL cannot store U+0000 at all.
     */
    static void refuseControlCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidFieldException(field, String.format("must not contain control characters; found U+%04X at"
                        + " position %d", (int) value.charAt(i), i));
            }
        }
    }

    public Plan plan(SweepRequest request) {
        if (request.name() == null || request.name().isBlank()) {
            throw new InvalidFieldException("name", "is required");
        }
        if (request.name().length() > MAX_NAME) {
            throw new InvalidFieldException("name", "must be at most " + MAX_NAME + " characters, got " + request.name().length());
        }
        refuseControlCharacters("name", request.name());
        if (request.training() == null) {
            throw new InvalidFieldException("training", "is required, with at least a dataset");
        }
        int maxAttempts = maxAttempts(request);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new InvalidFieldException("max_attempts", "must be an integer in [1, 20], got " + maxAttempts);
        }
        int priority = request.priority() == null ? 1 : request.priority();
        if (priority < 1 || priority > MAX_PRIORITY) {
            throw new InvalidFieldException("priority", "must be an integer in [1, " + MAX_PRIORITY + "], got " + priority);
        }
        Preset preset = request.preset() == null ? null : Preset.parse(request.preset());
        Grid grid = (request.grid() == null ? Grid.EMPTY : request.grid())
                .over(preset == null ? Grid.EMPTY : preset.grid());
        TrainingSpec training = request.training().within(preset == null ? null : preset.budget());
        TrainingRecipe recipe = training.recipe(dataDir(training));
        List<Long> seeds = training.seedList();

        Context context = context(request, recipe, seeds, grid);
        List<Metaparameters> designs;
        List<Proposer.Step> proposals = List.of();
        SearchReport search;
        SearchStrategy strategy = request.strategy();
        if (strategy != null) {
            int wanted = strategy.proposedAtOnce();
            RandomSearch.Outcome outcome = wanted == 0
                    ? new RandomSearch.Outcome(Proposer.Asked.NONE, SearchReport.of(strategy, Proposer.Asked.NONE))
                    : RandomSearch.sample(context.space(), context.choices(), strategy, wanted, context::violation);
            designs = outcome.designs();
            proposals = outcome.steps();
            search = outcome.report();
        } else {
            List<Metaparameters> all = rename("grid", context.choices()::product);
            designs = new ArrayList<>();
            int constrained = 0;
            for (Metaparameters m : all) {
                Architecture[] a = context.sized(m);
                withinCaps(a[0], recipe.batchSize());
                if (context.constraints() != null && context.constraints().violation(a[0], a[1]).isPresent()) {
                    constrained++;
                } else {
                    designs.add(m);
                }
            }
            if (designs.isEmpty()) {
                Architecture[] first = context.sized(all.get(0));
                throw new InvalidFieldException("constraints", "exclude every one of the grid's " + all.size()
                        + " designs, e.g. " + context.constraints().violation(first[0], first[1]).orElse(""));
            }
            search = context.constraints() == null ? null
                    : new SearchReport(null, designs.size(), all.size(), constrained, 0, 0);
        }
        List<PlannedTrial> trials = context.trials(designs);
        boolean reuse = request.reuseResults() == null || request.reuseResults();
        boolean keepWeights = request.keepWeights() != null ? request.keepWeights()
                : trials.size() <= KEEP_WEIGHTS_UP_TO_TRIALS;
        List<CompressionSpec> compression = request.compression() == null ? List.of() : request.compression();
        if (compression.size() > MAX_COMPRESSIONS) {
            throw new InvalidFieldException("compression", "must list at most " + MAX_COMPRESSIONS + " methods, got "
                    + compression.size());
        }
        for (int i = 0; i < compression.size(); i++) {
            if (compression.get(i) == null) {
                throw new InvalidFieldException("compression[" + i + "]", "must be an object such as {\"method\": \"deep\","
                        + " \"density\": 0.33, \"bits\": 8} or {\"method\": \"int8\"}");
            }
        }
        return new Plan(request.name().strip(), preset, recipe, seeds, trials, reuse, maxAttempts, priority, keepWeights,
                List.copyOf(compression), search, request.pruner(), proposals,
                strategy != null && strategy.asksAsResultsArrive());
    }

    /**
     * What a sweep's designs are drawn from and checked against: its grid lists, space, constraints and recipe. A
     * search that proposes as results arrive rebuilds it from the stored request.
     */
    public Context context(SweepRequest request, TrainingRecipe recipe, List<Long> seeds) {
        Preset preset = request.preset() == null ? null : Preset.parse(request.preset());
        return context(request, recipe, seeds, (request.grid() == null ? Grid.EMPTY : request.grid())
                .over(preset == null ? Grid.EMPTY : preset.grid()));
    }

    private Context context(SweepRequest request, TrainingRecipe recipe, List<Long> seeds, Grid grid) {
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;
        List<Integer> baseE = values("base_e", grid.baseE(), v10.expandBase());
        List<Integer> incrE = values("incr_e", grid.incrE(), v10.expandIncrement());
        List<Integer> freq = values("freq", grid.freq(), v10.freq());
        List<Double> sr = values("sr", grid.sr(), v10.squeezeRatio());
        List<Double> pct = values("pct_3x3", grid.pct3x3(), v10.pct3x3());
        List<Bypass> bypass = values("bypass", grid.bypass(), v10.bypass().label()).stream()
                .map(b -> rename("grid", () -> Bypass.parse(b))).toList();
        List<Variant> variant = values("variant", grid.variant(), v10.variant().label()).stream()
                .map(v -> rename("grid", () -> Variant.parse(v))).toList();
        RandomSearch.Choices choices = new RandomSearch.Choices(baseE, incrE, freq, sr, pct, bypass, variant);
        long designCount = request.strategy() != null ? request.strategy().budget() : choices.count();
        long count = designCount * seeds.size();
        if (count > settings.maxTrials()) {
            throw new InvalidFieldException(request.strategy() != null ? "strategy.budget" : "grid", "expands to " + count
                    + " trials (" + (request.strategy() != null ? "the budget" : "the product of the list lengths")
                    + " times " + seeds.size() + " seeds); the limit is " + settings.maxTrials());
        }
        if (request.space() != null && request.strategy() == null) {
            throw new InvalidFieldException("strategy", "is required with a space: {\"name\": \"random\", \"budget\": 20,"
                    + " \"seed\": 1}");
        }
        int classes = recipe.dataset().classes(recipe.dataDir() == null ? null : Path.of(recipe.dataDir()));
        SearchSpace space = request.space() != null ? request.space()
                : new SearchSpace(null, null, null, null, null, null, null);
        return new Context(choices, space, request.constraints(), recipe, seeds, classes, new LinkedHashMap<>());
    }

    /**
     * A sweep's planning context. Sizes are cached only for designs that are kept: a search may propose (and refuse)
     * many more than it keeps.
     */
    public final class Context {
        private final RandomSearch.Choices choices;
        private final SearchSpace space;
        private final Constraints constraints;
        private final TrainingRecipe recipe;
        private final List<Long> seeds;
        private final int classes;
        private final Map<Metaparameters, Architecture[]> sizes;

        Context(RandomSearch.Choices choices, SearchSpace space, Constraints constraints, TrainingRecipe recipe,
                List<Long> seeds, int classes, Map<Metaparameters, Architecture[]> sizes) {
            this.choices = choices;
            this.space = space;
            this.constraints = constraints;
            this.recipe = recipe;
            this.seeds = seeds;
            this.classes = classes;
            this.sizes = sizes;
        }

        public RandomSearch.Choices choices() {
            return choices;
        }

        public SearchSpace space() {
            return space;
        }

        public CodedSpace coded() {
            return CodedSpace.of(space, choices);
        }

        public Constraints constraints() {
            return constraints;
        }

        /** The network trained and the same design at the paper's scale, by the layer table. */
        Architecture[] sized(Metaparameters m) {
            return sizes.computeIfAbsent(m, this::derive);
        }

        private Architecture[] derive(Metaparameters m) {
            return new Architecture[] {rename("training", () -> trainedNetwork(m, recipe, classes)), Architecture.imagenet(m)};
        }

        /**
         * Why a design may not be trained: a constraint, or a per-trial cap; empty when it may (and its sizes are kept
         * for its trials).
         */
        public Optional<String> violation(Metaparameters m) {
            Architecture[] a;
            try {
                a = derive(m);
                withinCaps(a[0], recipe.batchSize());
            } catch (InvalidFieldException refused) {
                return Optional.of(refused.rule());
            }
            Optional<String> broken = constraints == null ? Optional.empty() : constraints.violation(a[0], a[1]);
            if (broken.isEmpty()) {
                sizes.put(m, a);
            }
            return broken;
        }

        /** Each design's trials, one per seed, with its sizes and reuse key. */
        public List<PlannedTrial> trials(List<Metaparameters> designs) {
            List<PlannedTrial> trials = new ArrayList<>();
            for (Metaparameters m : designs) {
                Architecture[] a = sized(m);
                for (long seed : seeds) {
                    trials.add(new PlannedTrial(m, seed, a[0], a[1], recipeKey(m, recipe.withSeed(seed))));
                }
            }
            return trials;
        }
    }

    /** The network a trial trains must fit the per-trial caps: its parameters, and one training step's memory. */
    private Architecture withinCaps(Architecture trained, int batchSize) {
        Metaparameters m = trained.metaparameters();
        if (trained.params() > settings.maxParams()) {
            throw new InvalidFieldException("grid", String.format(java.util.Locale.ROOT, "the design %s has %,d parameters;"
                    + " the limit is %,d (dse.sweeps.max-params)", m, trained.params(), settings.maxParams()));
        }
        long memory = trained.trainingMemoryBytes(batchSize);
        if (memory > settings.maxTrialMemory().toBytes()) {
            throw new InvalidFieldException("training.batch_size", String.format(java.util.Locale.ROOT, "a training step"
                    + " of %d images of %s through the design %s needs about %s, over the per-trial budget of %s"
                    + " (dse.sweeps.max-trial-memory): use a smaller batch_size or input_size", batchSize, trained.input(),
                    m, gibibytes(memory), gibibytes(settings.maxTrialMemory().toBytes())));
        }
        return trained;
    }

    private static String gibibytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 8 EiB"
                : String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /**
     * A per-owner cap on waiting work, so one token cannot fill the queue for everyone (its own running and finished
     * trials do not count). Call it in the transaction that stores the sweep: concurrent submissions of one owner
     * wait for each other here.
     */
    public void requireQueueRoom(String owner, int adding) {
        if (owner == null) {
            return;
        }
        long queued = queue.lockQueuedOf(owner);
        if (queued + adding > settings.maxQueuedTrialsPerOwner()) {
            throw new QueueQuotaException(owner, queued, adding, settings.maxQueuedTrialsPerOwner());
        }
    }

    /** 429: the caller's queued trials would go over its quota; it may submit again once some have run. */
    public static final class QueueQuotaException extends InvalidFieldException {
        QueueQuotaException(String owner, long queued, int adding, int limit) {
            super("grid", String.format(java.util.Locale.ROOT, "would queue %,d trials for '%s', who has %,d queued"
                    + " already; the limit is %,d queued trials per token (dse.sweeps.max-queued-trials-per-owner):"
                    + " wait for some to run, or cancel a sweep", adding, owner, queued, limit));
        }
    }

    /** The network a trial trains; a too-small input is the recipe's {@code input_size} at fault. */
    private static Architecture trainedNetwork(Metaparameters m, TrainingRecipe recipe, int classes) {
        try {
            return Architecture.derive(m, recipe.stem(), recipe.inputSize(), classes);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(e.field().equals("input") ? "input_size" : e.field(), e.rule());
        }
    }

    /** The key a finished result of this design and recipe is found under again ({@link ReuseKey}). */
    String recipeKey(Metaparameters m, TrainingRecipe recipe) {
        return ReuseKey.of(m, recipe);
    }

    /**
     * The directory the dataset is read from, which must lie inside the configured datasets directory: a folder
     * dataset's images, or a copy of CIFAR or Fashion-MNIST other than the server's own.
     */
    private String dataDir(TrainingSpec training) {
        if (training.dataDir() == null) {
            return null;
        }
        if (training.dataDir().isBlank() || training.dataDir().indexOf('\0') >= 0) {
            throw new InvalidFieldException("training.data_dir", "must be a directory path");
        }
        try {
            Path root = settings.datasetsDir().toAbsolutePath().normalize();
            Path dir = root.resolve(training.dataDir()).normalize();
            if (!dir.startsWith(root)) {
                throw new InvalidFieldException("training.data_dir", "must lie inside the datasets directory " + root);
            }
            if (!Files.isDirectory(dir)) {
                throw new InvalidFieldException("training.data_dir", "no such directory: " + dir);
            }
            Path real = dir.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new InvalidFieldException("training.data_dir", "must lie inside the datasets directory " + root
                        + " (it links to " + real + ")");
            }
            if (training.dataset() != null) {
                training.dataset().requireIn(real);
            }
            return real.toString();
        } catch (IOException e) {
            throw new InvalidFieldException("training.data_dir", "is not readable: " + e.getMessage());
        } catch (DatasetException | java.nio.file.InvalidPathException e) {
            throw new InvalidFieldException("training.data_dir", e.getMessage());
        }
    }

    private static <T> List<T> values(String field, List<T> given, T v10) {
        if (given == null) {
            return List.of(v10);
        }
        if (given.isEmpty()) {
            throw new InvalidFieldException("grid." + field, "must list at least one value (leave it out for v1.0's " + v10 + ")");
        }
        if (given.size() > MAX_LIST) {
            throw new InvalidFieldException("grid." + field, "lists " + given.size() + " values; at most " + MAX_LIST);
        }
        if (given.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidFieldException("grid." + field, "must not contain null");
        }
        return given.stream().distinct().toList();
    }

    /** Prefixes the field of a refusal with where in the request it came from. */
    private static <T> T rename(String prefix, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidFieldException e) {
            String field = e.field().startsWith(prefix) ? e.field() : prefix + "." + e.field();
            throw new InvalidFieldException(field, e.rule());
        }
    }
}
