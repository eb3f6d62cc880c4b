package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What planning a sweep's designs cost, none of it in training: designs proposed, those the constraints excluded
 * (for free: by the layer table), those the metaparameters cannot build (a bypass whose channels differ), and
 * repeats of a design already proposed. {@code strategy} is null for a grid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchReport(
        @JsonProperty("strategy") SearchStrategy strategy,
        @JsonProperty("designs") int designs,
        @JsonProperty("proposals") int proposals,
        @JsonProperty("rejected_by_constraints") int rejectedByConstraints,
        @JsonProperty("rejected_invalid") int rejectedInvalid,
        @JsonProperty("duplicates") int duplicates) {
}
