package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/sweeps/{id}/front}: the designs on a sweep's accuracy-size front so far, smallest first: the
 * size of the network trained down, the metric's mean over seeds up. {@code complete} is false while trials run.
 */
public record ParetoFront(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("metric") Metric metric,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("designs") int designs,
        @JsonProperty("points") List<Point> points) {

    static ParetoFront of(SweepSummary s) {
        List<Point> measured = s.points().stream().filter(p -> p.mean(s.metric()) != null).toList();
        return new ParetoFront(s.sweepId(), s.metric(), s.complete(), measured.size(),
                measured.stream().filter(Point::pareto).sorted(Comparator.comparingLong(Point::sizeBytes)).toList());
    }
}
