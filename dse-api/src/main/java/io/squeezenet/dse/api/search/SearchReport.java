package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What planning a sweep's designs cost, none of it in training: designs queued, proposals made, those the
 * constraints excluded (for free: by the layer table), those the metaparameters cannot build (a bypass whose channels
 * differ), and repeats of a design already proposed. {@code strategy} is null for a grid. {@code stopped}: why a
 * search stopped short of its budget (its proposals kept being refused, or its request no longer plans).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchReport(
        @JsonProperty("strategy") SearchStrategy strategy,
        @JsonProperty("designs") int designs,
        @JsonProperty("proposals") int proposals,
        @JsonProperty("rejected_by_constraints") int rejectedByConstraints,
        @JsonProperty("rejected_invalid") int rejectedInvalid,
        @JsonProperty("duplicates") int duplicates,
        @JsonProperty("stopped") String stopped) {

    public SearchReport(SearchStrategy strategy, int designs, int proposals, int rejectedByConstraints,
                        int rejectedInvalid, int duplicates) {
        this(strategy, designs, proposals, rejectedByConstraints, rejectedInvalid, duplicates, null);
    }

    public static SearchReport of(SearchStrategy strategy, Proposer.Asked asked) {
        return new SearchReport(strategy, 0, 0, 0, 0, 0).plus(asked);
    }

    /** This report with one more ask, or one more design sent by a client, counted in. */
    public SearchReport plus(Proposer.Asked asked) {
        return new SearchReport(strategy, designs + asked.queued().size(), proposals + asked.proposals(),
                rejectedByConstraints + asked.constrained(), rejectedInvalid + asked.invalid(), duplicates + asked.duplicates(),
                stopped != null ? stopped : asked.stopped());
    }

    /** This report of a search that stops early, and why. */
    public SearchReport stopped(String why) {
        return new SearchReport(strategy, designs, proposals, rejectedByConstraints, rejectedInvalid, duplicates, why);
    }
}
