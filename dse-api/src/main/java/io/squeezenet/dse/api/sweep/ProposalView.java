package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One proposal of a search and why it was or was not trained: {@code outcome} queued (its trials follow, with their
 * status: a pruned trial says at which epoch) or constrained (with the {@code reason}, found without training).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposalView(
        @JsonProperty("number") int number,
        @JsonProperty("origin") Proposal.Origin origin,
        @JsonProperty("metaparameters") Metaparameters metaparameters,
        @JsonProperty("outcome") Proposal.Outcome outcome,
        @JsonProperty("reason") String reason,
        @JsonProperty("proposed_at") OffsetDateTime proposedAt,
        @JsonProperty("trials") List<TrialRef> trials) {

    /** A trial of the design, as far as it got. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrialRef(@JsonProperty("id") long id, @JsonProperty("seed") long seed,
                           @JsonProperty("status") TrialStatus status, @JsonProperty("size_bytes") long sizeBytes,
                           @JsonProperty("top1") Double top1, @JsonProperty("top5") Double top5,
                           @JsonProperty("pruned_at_epoch") Integer prunedAtEpoch) {

        static TrialRef of(Trial t) {
            return new TrialRef(t.getId(), t.getSeed(), t.getStatus(), t.getSizeBytes(), t.getTop1(), t.getTop5(),
                    t.getPrunedAtEpoch());
        }
    }

    static ProposalView of(Proposal p, List<Trial> trials) {
        return new ProposalView(p.number(), p.origin(), p.metaparameters(), p.outcome(), p.reason(), p.proposedAt(),
                trials.stream().filter(t -> t.getMetaparameters().equals(p.metaparameters())).map(TrialRef::of).toList());
    }
}
