package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.security.Caller;
import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.db.search.SearchProposals;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A search's study record: what it proposed and why, and the door for a client's own sampler. */
@RestController
@RequestMapping("/api/v1/sweeps")
class SearchController {

    private final SearchProposals proposals;
    private final SearchDriver driver;
    private final SweepRepository sweeps;
    private final TrialRepository trials;

    SearchController(SearchProposals proposals, SearchDriver driver, SweepRepository sweeps, TrialRepository trials) {
        this.proposals = proposals;
        this.driver = driver;
        this.sweeps = sweeps;
        this.trials = trials;
    }

    /** {@code POST /api/v1/sweeps/{id}/designs}: one design for an external search's workers to train. */
    record DesignRequest(@JsonProperty("metaparameters") Metaparameters metaparameters) {
    }

    /** Every design the sweep's search proposed, in order: sampled and queued (with its trials), or constrained out. */
    @GetMapping("/{id}/proposals")
    List<ProposalView> proposals(@PathVariable long id) {
        find(id);
        List<Trial> all = trials.findBySweepIdOrderById(id);
        return proposals.of(id).stream().map(p -> ProposalView.of(p, all)).toList();
    }

    /**
     * Queues a design a client's sampler chose (an external search: Optuna's, say), with the constraints checked
     * first: 201 when queued, 200 when a constraint refuses it (the reason says which, nothing trains) or it was sent
     * before (the first answer again, with its trials as far as they got).
     */
    @PostMapping("/{id}/designs")
    ResponseEntity<ProposalView> design(@PathVariable long id,
                                        @RequestBody(required = false) DesignRequest body) {
        Caller.requireOwnerOrAdmin(find(id).getOwner(), "sweep " + id);
        if (body == null || body.metaparameters() == null) {
            throw new InvalidFieldException("metaparameters", "is required: {\"base_e\": 128, \"incr_e\": 128, \"freq\": 2,"
                    + " \"sr\": 0.125, \"pct_3x3\": 0.5, \"bypass\": \"none\", \"variant\": \"v1.0\"}");
        }
        SearchDriver.Offered offered = driver.offer(id, body.metaparameters());
        ProposalView view = ProposalView.of(offered.proposal(), trials.findBySweepIdOrderById(id));
        return ResponseEntity.status(offered.created() && view.outcome() == Proposal.Outcome.QUEUED ? HttpStatus.CREATED
                : HttpStatus.OK).body(view);
    }

    private Sweep find(long id) {
        return sweeps.require(id);
    }
}
