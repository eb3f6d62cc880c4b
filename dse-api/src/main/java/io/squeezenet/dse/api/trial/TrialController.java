package io.squeezenet.dse.api.trial;

import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpochRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** One trial with its per-epoch progress and full result. */
@RestController
@RequestMapping("/api/v1/trials")
class TrialController {

    private final TrialRepository trials;
    private final TrialEpochRepository epochs;
    private final JsonMapper json;

    TrialController(TrialRepository trials, TrialEpochRepository epochs, JsonMapper json) {
        this.trials = trials;
        this.epochs = epochs;
        this.json = json;
    }

    @GetMapping("/{id}")
    TrialView trial(@PathVariable long id) {
        Trial t = trials.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no trial " + id));
        return TrialView.of(t, epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(id),
                t.getResult() == null ? null : json.readTree(t.getResult()));
    }
}
