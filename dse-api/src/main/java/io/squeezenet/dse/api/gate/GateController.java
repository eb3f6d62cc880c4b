package io.squeezenet.dse.api.gate;

import io.squeezenet.dse.api.security.Caller;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished sweep's gates: judged on request (by its owner or an admin, as {@code dse sweep run} does at the end of a
 * CI run), stored with the sweep, and read back by anyone who may read it.
 */
@RestController
@RequestMapping("/api/v1/sweeps/{id}/gates")
class GateController {

    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final Gates gates;
    private final JsonMapper json;

    GateController(SweepRepository sweeps, TrialRepository trials, Gates gates, JsonMapper json) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.gates = gates;
        this.json = json;
    }

    @PostMapping
    @Transactional
    GateReport evaluate(@PathVariable long id, @RequestBody(required = false) GateRequest request) {
        Sweep sweep = find(id);
        Caller.requireOwnerOrAdmin(sweep.getOwner(), "sweep " + id);
        if (sweep.isSearchOpen() && sweep.getCancelledAt() == null
                || trials.existsBySweepIdAndStatusIn(id, EnumSet.of(TrialStatus.QUEUED, TrialStatus.RUNNING))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "sweep " + id + " still has queued or running trials:"
                    + " gates judge a finished sweep");
        }
        GateRequest applied = (request == null ? new GateRequest(null, null, null, null, null) : request).validated();
        List<Trial> judged = trials.findBySweepIdOrderById(id);
        Sweep baseline = applied.baseline() == GateRequest.Baseline.LAST_PASSING ? baseline(sweep, judged) : null;
        GateReport report = gates.evaluate(sweep, judged, applied, baseline,
                baseline == null ? null : trials.findBySweepIdOrderById(baseline.getId()));
        sweep.setGates(json.writeValueAsString(report));
        sweeps.save(sweep);
        return report;
    }

    /** The last passing sweep before this one with the same preset, training and designs (a grid may differ). */
    private Sweep baseline(Sweep sweep, List<Trial> judged) {
        Set<Metaparameters> designs = designs(judged);
        return sweeps.findPassing(sweep.getId(), sweep.getPreset(), sweep.getTraining()).stream()
                .filter(candidate -> designs(trials.findBySweepIdOrderById(candidate.getId())).equals(designs))
                .findFirst().orElse(null);
    }

    private static Set<Metaparameters> designs(List<Trial> trials) {
        return trials.stream().map(Trial::getMetaparameters).collect(Collectors.toSet());
    }

    @GetMapping
    GateReport read(@PathVariable long id) {
        Sweep sweep = find(id);
        if (sweep.getGates() == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "sweep " + id + " has not been judged yet: POST"
                    + " /api/v1/sweeps/" + id + "/gates");
        }
        return json.readValue(sweep.getGates(), GateReport.class);
    }

    private Sweep find(long id) {
        return sweeps.require(id);
    }
}
