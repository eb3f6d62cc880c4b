package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.api.report.Metric;
import io.squeezenet.dse.api.search.Observation;
import io.squeezenet.dse.api.search.Proposer;
import io.squeezenet.dse.api.search.SearchReport;
import io.squeezenet.dse.api.search.SearchStrategy;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.db.search.SearchProposals;
import io.squeezenet.dse.db.sweep.NoSuchSweepException;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.db.worker.WorkerRegistry;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.DatasetException;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.worker.WorkerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous ask/tell, held in PostgreSQL: for every open search, as results arrive, proposes the next designs so
 * that there are as many designs in training or queued as there are live workers (no generation barrier), while its
 * budget of epochs lasts (a pruned trial counts the epochs it trained, so early stopping buys more designs). Everything
 * it knows is in the database (the request, the proposals, the trials' results), so a restarted API resumes where the
 * last one stopped, and two APIs never ask for the same sweep at once (its row is locked). An ask's random source is
 * seeded from the strategy's seed and the number of its first proposal: the same results give the same proposals.
 */
@Component
@EnableScheduling
public class SearchDriver {

    private static final Logger log = LoggerFactory.getLogger(SearchDriver.class);

    private final SearchProposals proposals;
    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final SweepPlanner planner;
    private final TrialQueue queue;
    private final WorkerRegistry workers;
    private final WorkerSettings workerSettings;
    private final SweepSettings settings;
    private final JsonMapper json;
    private final TransactionTemplate transactions;

    public SearchDriver(SearchProposals proposals, SweepRepository sweeps, TrialRepository trials, SweepPlanner planner,
                        TrialQueue queue, WorkerRegistry workers, WorkerSettings workerSettings, SweepSettings settings,
                        JsonMapper json, PlatformTransactionManager transactionManager) {
        this.settings = settings;
        this.proposals = proposals;
        this.sweeps = sweeps;
        this.trials = trials;
        this.planner = planner;
        this.queue = queue;
        this.workers = workers;
        this.workerSettings = workerSettings;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${dse.search.poll-interval:1s}")
    void advanceOpenSearches() {
        for (long sweepId : proposals.open()) {
            try {
                advance(sweepId);
            } catch (RuntimeException e) {
                // one sweep's failure must not stop the others' searches; the next poll tries again
                log.warn("could not advance the search of sweep {}: {}", sweepId, e.toString());
            }
        }
    }

    /** Proposes what the sweep's search may propose now; returns the number of designs queued. */
    public int advance(long sweepId) {
        Integer queued = transactions.execute(status -> {
            if (proposals.lockOpen(sweepId).isEmpty()) {
                return 0;
            }
            Sweep sweep = sweeps.findById(sweepId).orElseThrow();
            SweepRequest request = json.readValue(sweep.getRequest(), SweepRequest.class);
            SearchStrategy strategy = request.strategy();
            SearchReport report = json.readValue(sweep.getSearch(), SearchReport.class);
            List<Proposal> made = proposals.of(sweepId);
            List<Metaparameters> designs = made.stream().filter(p -> p.outcome() == Proposal.Outcome.QUEUED)
                    .map(Proposal::metaparameters).toList();
            if (strategy.name() == SearchStrategy.Name.EXTERNAL) {
                // its designs come from POST /api/v1/sweeps/{id}/designs, which closes it at its budget
                return 0;
            }
            SweepTraining training = training(sweep);
            int epochs = training.recipe().epochs();
            Map<Metaparameters, List<Trial>> byDesign = new LinkedHashMap<>();
            long used = 0;
            for (Trial t : trials.findBySweepIdOrderById(sweepId)) {
                byDesign.computeIfAbsent(t.getMetaparameters(), k -> new ArrayList<>()).add(t);
                used += t.getStatus() == TrialStatus.PRUNED ? t.getPrunedAtEpoch() : epochs;
            }
            long pending = byDesign.values().stream()
                    .filter(ts -> ts.stream().anyMatch(t -> !t.getStatus().finished())).count();
            // the budget is `budget` designs' worth of epochs: a pruned trial gives back the epochs it did not train
            long perDesign = (long) epochs * training.seeds().size();
            long room = Math.min(((long) strategy.budget() * perDesign - used) / perDesign,
                    settings.maxTrials() / training.seeds().size() - designs.size());
            if (room <= 0) {
                if (pending == 0) {
                    proposals.update(sweepId, json.writeValueAsString(report), false);
                }
                return 0;
            }
            long busy = strategy.parallel() != null ? strategy.parallel()
                    : Math.max(1, workers.alive(workerSettings.lease()));
            int wanted = (int) Math.min(room, busy - pending);
            if (wanted <= 0) {
                return 0;
            }
            SweepPlanner.Context context;
            try {
                context = planner.context(request, training.recipe(), training.seeds());
            } catch (InvalidFieldException | DatasetException refused) {
                // the same refusal at every poll (the data set gone, a lowered limit): the search stops and says why
                log.warn("the search of sweep {} stops: {}", sweepId, refused.getMessage());
                proposals.update(sweepId, json.writeValueAsString(report.stopped(refused.getMessage())), false);
                return 0;
            }
            int first = proposals.next(sweepId);
            Proposer.Asked asked = Proposer.ask(context.coded(), strategy.sampler(),
                    evaluated(designs, byDesign, strategy.metric()),
                    new LinkedHashSet<>(made.stream().map(Proposal::metaparameters).toList()),
                    made.stream().filter(p -> p.outcome() == Proposal.Outcome.CONSTRAINED).map(Proposal::metaparameters)
                            .toList(), wanted,
                    new Random(strategy.seed() * 0x9E3779B97F4A7C15L + first), context::violation);
            planner.record(sweepId, first, asked.steps());
            planner.insert(sweepId, context.trials(asked.queued()), training.recipe(), SweepPlanner.maxAttempts(request));
            // it closes at the next poll that finds no room left and nothing in flight
            proposals.update(sweepId, json.writeValueAsString(report.plus(asked)), asked.stopped() == null);
            if (!asked.queued().isEmpty()) {
                queue.notifyQueued(sweepId);
            }
            return asked.queued().size();
        });
        return queued == null ? 0 : queued;
    }

    /** A design a client's sampler sent, as recorded, and whether it is new (a repeat returns the first). */
    public record Offered(Proposal proposal, boolean created) {
    }

    /**
     * Records a design sent by a client's own sampler (Optuna, say) to an external search: queued for training, or
     * refused by a constraint without training; the search closes when its budget of designs is queued.
     */
    public Offered offer(long sweepId, Metaparameters design) {
        return transactions.execute(status -> {
            boolean open = proposals.lock(sweepId).orElseThrow(() -> new NoSuchSweepException(sweepId));
            Sweep sweep = sweeps.findById(sweepId).orElseThrow();
            SweepRequest request = json.readValue(sweep.getRequest(), SweepRequest.class);
            SearchStrategy strategy = request.strategy();
            if (strategy == null || strategy.name() != SearchStrategy.Name.EXTERNAL) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "sweep " + sweepId + " chooses its own designs ("
                        + (strategy == null ? "a grid" : strategy.name().label() + " search") + "); only a sweep with"
                        + " \"strategy\": {\"name\": \"external\", ...} takes designs");
            }
            List<Proposal> made = proposals.of(sweepId);
            for (Proposal p : made) {
                if (p.metaparameters().equals(design)) {
                    return new Offered(p, false);
                }
            }
            if (!open) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, sweep.getCancelledAt() != null
                        ? "sweep " + sweepId + " was cancelled"
                        : "sweep " + sweepId + "'s budget of " + strategy.budget() + " designs is met");
            }
            SweepTraining training = training(sweep);
            planner.requireQueueRoom(sweep.getOwner(), training.seeds().size());
            SweepPlanner.Context context = planner.context(request, training.recipe(), training.seeds());
            Optional<String> reason = context.violation(design);
            Proposer.Step step = new Proposer.Step(design, Proposal.Origin.EXTERNAL,
                    reason.isPresent() ? Proposal.Outcome.CONSTRAINED : Proposal.Outcome.QUEUED, reason.orElse(null));
            int number = proposals.next(sweepId);
            planner.record(sweepId, number, List.of(step));
            Proposer.Asked asked = new Proposer.Asked(List.of(step), 1, reason.isPresent() ? 1 : 0, 0, 0, null);
            planner.insert(sweepId, context.trials(asked.queued()), training.recipe(), SweepPlanner.maxAttempts(request));
            SearchReport next = json.readValue(sweep.getSearch(), SearchReport.class).plus(asked);
            proposals.update(sweepId, json.writeValueAsString(next), next.designs() < strategy.budget());
            if (reason.isEmpty()) {
                queue.notifyQueued(sweepId);
            }
            return new Offered(proposals.of(sweepId).get(number - 1), true);
        });
    }

    /**
     * The designs with a result for every seed, in the order proposed: the mean of the metric over its trials that
     * trained to the end, or when the pruner stopped them all, over their values then (marked pruned). A design with
     * no result (its trials failed) is left out.
     */
    static List<Observation> evaluated(List<Metaparameters> designs, Map<Metaparameters, List<Trial>> byDesign,
                                       Metric metric) {
        List<Observation> evaluated = new ArrayList<>();
        for (Metaparameters m : designs) {
            List<Trial> ts = byDesign.getOrDefault(m, List.of());
            if (ts.isEmpty() || ts.stream().anyMatch(t -> !t.getStatus().finished())) {
                continue;
            }
            boolean pruned = ts.stream().noneMatch(t -> t.getStatus() == TrialStatus.SUCCEEDED);
            double[] values = ts.stream().filter(t -> pruned ? t.getStatus() == TrialStatus.PRUNED
                            : t.getStatus() == TrialStatus.SUCCEEDED)
                    .map(t -> metric == Metric.top5 ? t.getTop5() : t.getTop1()).filter(v -> v != null)
                    .mapToDouble(Double::doubleValue).toArray();
            if (values.length > 0) {
                evaluated.add(new Observation(m, Arrays.stream(values).average().orElseThrow(), ts.get(0).getSizeBytes(),
                        pruned));
            }
        }
        return evaluated;
    }

    private static SweepTraining training(Sweep sweep) {
        return SweepTraining.read(sweep.getTraining());
    }
}
