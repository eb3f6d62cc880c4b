package io.squeezenet.dse.api.sweep;

import io.micrometer.core.instrument.MeterRegistry;
import io.squeezenet.dse.api.event.ChangeEvents;
import io.squeezenet.dse.api.gate.GateReport;
import io.squeezenet.dse.api.security.Caller;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.InvalidFieldException;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** Sweeps: submit (expanded into trials with exact sizes at once), list, inspect, cancel, retry, delete. */
@RestController
@RequestMapping("/api/v1/sweeps")
class SweepController {

    static final int MAX_PAGE = 1000;
    /** The one thing {@link #views} holds per sweep. */
    private static final String VIEW = "view";
    private final SweepCache<String, SweepView> views;
    private final SweepCache<TrialPageQuery, Page<TrialView>> pages;

    /** A page of a sweep's trials as asked: the key of {@link #pages}. */
    private record TrialPageQuery(TrialStatus status, String sort, int page, int size) {
    }

    private final SweepPlanner planner;
    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final TrialQueue queue;
    private final JsonMapper json;
    private final MeterRegistry metrics;
    private final TransactionTemplate transactions;

    SweepController(SweepPlanner planner, SweepRepository sweeps, TrialRepository trials, TrialQueue queue,
                    JsonMapper json, MeterRegistry metrics, PlatformTransactionManager transactionManager,
                    ChangeEvents events, SweepSettings settings) {
        this.views = new SweepCache<>(settings.viewCache(), view -> 1);
        this.pages = new SweepCache<>(settings.viewCache(), page -> page.getNumberOfElements() + 1);
        // a change elsewhere (a worker's): the next caller reads the sweep again; this server's own writes drop its answers
        events.onEvent(e -> {
            views.changed(e.sweepId());
            pages.changed(e.sweepId());
        });
        events.onGap(() -> {
            views.changedAll();
            pages.changedAll();
        });
        this.transactions = new TransactionTemplate(transactionManager);
        this.planner = planner;
        this.sweeps = sweeps;
        this.trials = trials;
        this.queue = queue;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Validates and expands the request and queues its trials, all in one transaction. Two requests with one
     * Idempotency-Key at once: the second's insert fails on the key's unique index, and it answers with the first's
     * sweep, as if it had come after it.
     */
    @PostMapping
    ResponseEntity<SweepView> create(@RequestBody SweepRequest request,
                                     @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > SweepPlanner.MAX_NAME) {
                throw new InvalidFieldException("Idempotency-Key", "must be 1 to " + SweepPlanner.MAX_NAME + " characters");
            }
            SweepPlanner.refuseControlCharacters("Idempotency-Key", idempotencyKey);
            var existing = sweeps.findByIdempotencyKey(idempotencyKey);
            if (existing.isPresent()) {
                return created(existing.get());
            }
        }
        SweepPlanner.Plan plan = planner.plan(request);
        Caller caller = Caller.current();
        Sweep sweep;
        try {
            sweep = transactions.execute(status -> {
                planner.requireQueueRoom(caller == null ? null : caller.name(), plan.trials().size());
                Sweep stored = planner.save(plan, json.writeValueAsString(request), idempotencyKey,
                        caller == null ? null : caller.name());
                queue.notifyQueued(stored.getId());
                return stored;
            });
        } catch (DataIntegrityViolationException e) {
            var first = idempotencyKey == null ? java.util.Optional.<Sweep>empty() : sweeps.findByIdempotencyKey(idempotencyKey);
            if (first.isEmpty()) {
                throw e;
            }
            return created(first.get());
        }
        metrics.counter("dse.sweeps.submitted").increment();
        metrics.counter("dse.trials.enqueued").increment(plan.trials().size());
        return created(sweeps.findById(sweep.getId()).orElseThrow());
    }

    /**
     * What {@code POST /api/v1/sweeps} would queue for this request, with the same validation, queuing nothing: a
     * read, open to readers.
     */
    @PostMapping("/preview")
    SweepPreview preview(@RequestBody SweepRequest request) {
        return SweepPreview.of(planner.plan(request));
    }

    /** 201 with the sweep and its trials: for a new sweep, and for a repeated Idempotency-Key's first one. */
    private ResponseEntity<SweepView> created(Sweep sweep) {
        return ResponseEntity.created(location(sweep.getId())).body(view(sweep, true));
    }

    /** Newest first. */
    @GetMapping
    Page<SweepView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Page<Sweep> found = sweeps.findAll(pageRequest(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
        return new PageImpl<>(views(found.getContent(), false), found.getPageable(), found.getTotalElements());
    }

    /** Answered from {@link SweepCache}: polled by every open dashboard and notebook. */
    @GetMapping("/{id}")
    SweepView get(@PathVariable long id) {
        return views.get(id, VIEW, () -> view(find(id), false));
    }

    /**
     * The sweep's trials, filtered by status and sorted by {@code id}, {@code size} (smallest first) or
     * {@code accuracy} (best top-1 first, unfinished last). Answered from a {@link SweepCache}, as the sweep's view.
     */
    @GetMapping("/{id}/trials")
    Page<TrialView> trials(@PathVariable long id, @RequestParam(required = false) String status,
                           @RequestParam(defaultValue = "id") String sort,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        Sort order = switch (sort) {
            case "id" -> Sort.by("id");
            case "size" -> Sort.by("params", "id");
            case "accuracy" -> Sort.by(Sort.Order.desc("top1").nullsLast(), Sort.Order.asc("id"));
            default -> throw new InvalidFieldException("sort", "must be one of [id, size, accuracy], got '" + sort + "'");
        };
        PageRequest request = pageRequest(page, size, order);
        TrialStatus only = status == null ? null : trialStatus(status);
        return pages.get(id, new TrialPageQuery(only, sort, page, size), () -> {
            find(id);
            Page<Trial> found = only == null ? trials.findBySweepId(id, request)
                    : trials.findBySweepIdAndStatus(id, only, request);
            return found.map(TrialView::of);
        });
    }

    @PostMapping("/{id}/cancel")
    SweepView cancel(@PathVariable long id) {
        Caller.requireOwnerOrAdmin(find(id).getOwner(), "sweep " + id);
        queue.cancelSweep(id);
        forget(id);
        return view(find(id), false);
    }

    @PostMapping("/{id}/retry-failed")
    SweepView retryFailed(@PathVariable long id) {
        Sweep sweep = find(id);
        Caller.requireOwnerOrAdmin(sweep.getOwner(), "sweep " + id);
        if (sweep.getCancelledAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "sweep " + id + " was cancelled; submit it again instead");
        }
        queue.retryFailed(id);
        forget(id);
        return view(find(id), false);
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable long id) {
        Sweep sweep = find(id);
        Caller.requireOwnerOrAdmin(sweep.getOwner(), "sweep " + id);
        if (sweep.getCancelledAt() == null && (sweep.isSearchOpen()
                || trials.existsBySweepIdAndStatusIn(id, EnumSet.of(TrialStatus.QUEUED, TrialStatus.RUNNING)))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "sweep " + id + " still has queued or running trials, or a search in progress; cancel it first (POST /api/v1/sweeps/" + id + "/cancel)");
        }
        sweeps.delete(sweep);
        // once deleted for everyone: a GET before the commit would otherwise put the view back
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                forget(id);
            }
        });
        return ResponseEntity.noContent().build();
    }

    Sweep find(long id) {
        return sweeps.require(id);
    }

    SweepView view(Sweep sweep, boolean withTrials) {
        return views(List.of(sweep), withTrials).get(0);
    }

    /** Views of several sweeps; their counts, speeds and running trials come from three queries, not three per sweep. */
    private List<SweepView> views(List<Sweep> list, boolean withTrials) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<Long> ids = list.stream().map(Sweep::getId).toList();
        Map<Long, Map<TrialStatus, Long>> counts = new HashMap<>();
        for (Object[] row : trials.countByStatus(ids)) {
            counts.computeIfAbsent((Long) row[0], k -> new HashMap<>()).put((TrialStatus) row[1], (Long) row[2]);
        }
        Map<Long, TrainingSpeed> speeds = new HashMap<>();
        Map<Long, Long> queuedParams = new HashMap<>();
        for (Object[] row : trials.trainingSpeed(ids)) {
            long sweepId = ((Number) row[0]).longValue();
            speeds.put(sweepId, new TrainingSpeed(number(row[1]), number(row[2]), number(row[3])));
            queuedParams.put(sweepId, ((Number) row[4]).longValue());
        }
        Map<Long, List<TrainingSpeed.Running>> running = new HashMap<>();
        for (Object[] row : trials.runningFor(ids)) {
            running.computeIfAbsent(((Number) row[0]).longValue(), k -> new java.util.ArrayList<>())
                    .add(new TrainingSpeed.Running(((Number) row[1]).longValue(), ((Number) row[2]).doubleValue()));
        }
        return list.stream().map(s -> SweepView.of(s, counts.getOrDefault(s.getId(), Map.of()), speeds.get(s.getId()),
                queuedParams.getOrDefault(s.getId(), 0L), running.getOrDefault(s.getId(), List.of()),
                json.readTree(s.getTraining()), s.getGates() == null ? null : json.readValue(s.getGates(), GateReport.class),
                withTrials
                        ? trials.findBySweepIdOrderById(s.getId()).stream().map(TrialView::of).toList() : null)).toList();
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static TrialStatus trialStatus(String status) {
        try {
            return TrialStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("status", "must be one of " + List.of(TrialStatus.values()) + ", got '" + status + "'");
        }
    }

    /** This server changed the sweep: its cached answers go. */
    private void forget(long id) {
        views.forget(id);
        pages.forget(id);
    }

    private static PageRequest pageRequest(int page, int size, Sort sort) {
        if (page < 0) {
            throw new InvalidFieldException("page", "must be >= 0, got " + page);
        }
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidFieldException("size", "must be in [1, " + MAX_PAGE + "], got " + size);
        }
        return PageRequest.of(page, size, sort);
    }

    private static URI location(long id) {
        return URI.create("/api/v1/sweeps/" + id);
    }
}
