package io.squeezenet.dse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.report.SweepSummary.Point;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The front found in one pass in size order is the front of the definition, pair by pair. */
class ParetoTest {

    static boolean dominatedByDefinition(Point p, List<Point> all) {
        Double mine = p.top1Mean();
        return mine == null || all.stream().anyMatch(o -> o != p && o.top1Mean() != null && o.sizeBytes() <= p.sizeBytes()
                && o.top1Mean() >= mine && (o.sizeBytes() < p.sizeBytes() || o.top1Mean() > mine));
    }

    @Test
    void theFrontIsTheDefinitionsOnRandomSweepsWithTiesAndGaps() {
        Random random = new Random(7);
        for (int sweep = 0; sweep < 300; sweep++) {
            List<Point> points = new ArrayList<>();
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                // few sizes and few accuracies, so that equal sizes (bypass) and equal accuracies are common
                long size = 1000L * (1 + random.nextInt(8));
                Double top1 = random.nextInt(6) == 0 ? null : (double) random.nextInt(5) / 4;
                points.add(new Point(Metaparameters.SQUEEZENET_V1_0, i, size / 4, size, size / 1048576.0, size,
                        size / 1048576.0, top1 == null ? 0 : 1, 0, 0, top1, null, top1, null, false, List.of((long) i),
                        List.of()));
            }
            List<Point> marked = Summaries.pareto(points, Metric.top1);
            for (int i = 0; i < n; i++) {
                assertThat(marked.get(i).pareto()).as("sweep %d point %d of %s", sweep, i, points)
                        .isEqualTo(!dominatedByDefinition(points.get(i), points));
            }
        }
    }
}
