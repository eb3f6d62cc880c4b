package io.squeezenet.dse.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something changed, as the database announced it (migration V7): {@code sweep} (trials were queued, or several changed
 * status at once: read the sweep again), {@code trial} (one trial's status changed), {@code epoch} (a trial recorded an
 * epoch). Sent on {@code GET /api/v1/events} as server-sent events named by the type, with this as the JSON data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(
        @JsonProperty("type") String type,
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("trial_id") Long trialId,
        @JsonProperty("status") String status,
        @JsonProperty("epoch") Integer epoch) {
}
