package io.squeezenet.dse.api.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A sweep's verdict, stored with it and returned by the API: every gate with its reason in numbers.
 *
 * @param baselineSweepId the sweep the regression gate compared with, if any
 */
public record GateReport(
        @JsonProperty("passed") boolean passed,
        @JsonProperty("gates") List<Gate> gates,
        @JsonProperty("baseline_sweep_id") Long baselineSweepId,
        @JsonProperty("request") GateRequest request,
        @JsonProperty("evaluated_at") OffsetDateTime evaluatedAt) {

    /** One check: its name, whether it passed, and why, in one line with the numbers. */
    public record Gate(
            @JsonProperty("name") String name,
            @JsonProperty("passed") boolean passed,
            @JsonProperty("detail") String detail) {
    }
}
