package io.squeezenet.dse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.report.SweepSummary.PaperPoint;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import io.squeezenet.dse.api.report.SweepSummary.PrunedTrial;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every figure type renders to valid SVG and a PNG of the asked size for 1, 2 and 100 points, long names included. */
class FiguresTest {

    static SweepSummary summary(Axis axis, int count, boolean withPaper) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double sr = 0.01 + 0.99 * (i + 1) / count;
            Metaparameters m = new Metaparameters(128, 128, 2, axis == Axis.sr ? sr : 0.125, 0.5,
                    axis == Axis.bypass ? Bypass.values()[i % 3] : Bypass.NONE);
            long bytes = 1_000_000L * (i + 1);
            Object x = switch (axis) {
                case sr -> sr;
                case bypass -> m.bypass().label();
                default -> bytes / 1048576.0;
            };
            double top1 = 0.5 + 0.4 * Math.sin(i);
            points.add(new Point(m, x, bytes / 4, bytes, bytes / 1048576.0, bytes * 2, bytes * 2 / 1048576.0, 3, 0, 0,
                    top1, 0.02, Math.min(1, top1 + 0.2), 0.01, i % 2 == 0, List.of((long) i), List.of()));
        }
        List<PaperPoint> paper = !withPaper ? List.of() : axis == Axis.bypass
                ? List.of(new PaperPoint("none", 4.8, 0.575, 0.803, true), new PaperPoint("simple", 4.8, 0.604, 0.825, true))
                : points.stream().map(p -> new PaperPoint(p.x(), 4.8, null, 0.8, false)).toList();
        return new SweepSummary(1, "Ünïcödé ★ 名前 — and a very long sweep name ".repeat(4), Metric.top1, axis,
                points.stream().map(Point::x).toList(), count % 2 == 0, null,
                "fashion-mnist, 5,000 train / 1,000 test images, 3 epochs, 3 seeds, default recipe", points, paper,
                Summaries.compute(List.of(), 3));
    }

    @ParameterizedTest
    @CsvSource({"sr,1,true", "sr,2,true", "sr,100,true", "sr,2,false", "bypass,1,true", "bypass,2,true",
            "bypass,100,false", "size_mib,1,false", "size_mib,2,false", "size_mib,100,false"})
    void rendersEveryFigureType(Axis axis, int count, boolean withPaper) throws Exception {
        SweepSummary s = summary(axis, count, withPaper);
        String svg = Figures.svg(s, 800, 500);
        assertThat(ReportApiTest.xml(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("名前").contains("3 epochs");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Figures.png(s, 640, 420)));
        assertThat(png.getWidth()).isEqualTo(640);
        assertThat(png.getHeight()).isEqualTo(420);
        // something was drawn beyond the white background
        int dark = 0;
        for (int y = 0; y < png.getHeight(); y += 4) {
            for (int x = 0; x < png.getWidth(); x += 4) {
                dark += (png.getRGB(x, y) & 0xff) < 128 ? 1 : 0;
            }
        }
        assertThat(dark).isPositive();
    }

    @ParameterizedTest
    @CsvSource({"sr", "bypass", "size_mib"})
    void aSweepWithNoResultYetStillDraws(Axis axis) throws Exception {
        SweepSummary s = summary(axis, 3, false);
        List<Point> empty = s.points().stream().map(p -> new Point(p.metaparameters(), p.x(), p.params(), p.sizeBytes(),
                p.sizeMib(), p.imagenetSizeBytes(), p.imagenetSizeMib(), 0, 0, 0, null, null, null, null, false,
                p.trialIds(), List.of())).toList();
        SweepSummary none = new SweepSummary(2, "empty", Metric.top1, axis, s.xValues(), false, null, s.setup(), empty,
                List.of(), s.compute());
        assertThat(Figures.svg(none, 600, 400)).contains("No trial has succeeded yet");
    }

    /**
     * Pruned trials are their own hollow grey series on Figure 3 and on the size front, one marker each at its design's
     * x and its accuracy on the figure's metric when stopped, labelled with the epoch, a design with no trial trained to
     * the end included; the bars say they are not drawn.
     */
    @ParameterizedTest
    @CsvSource({"sr,top1", "sr,top5", "size_mib,top1", "bypass,top1"})
    void prunedTrialsAreDrawnApart(Axis axis, Metric metric) throws Exception {
        SweepSummary s = summary(axis, 3, true);
        List<Point> points = new ArrayList<>(s.points());
        Point only = points.get(0);
        Point some = points.get(2);
        points.set(0, new Point(only.metaparameters(), only.x(), only.params(), only.sizeBytes(), only.sizeMib(),
                only.imagenetSizeBytes(), only.imagenetSizeMib(), 0, 0, 2, null, null, null, null, false,
                List.of(10L, 11L), List.of(new PrunedTrial(10, 1, 1, 0.11, 0.31), new PrunedTrial(11, 2, 2, 0.12, 0.32))));
        points.set(2, new Point(some.metaparameters(), some.x(), some.params(), some.sizeBytes(), some.sizeMib(),
                some.imagenetSizeBytes(), some.imagenetSizeMib(), 2, 0, 1, some.top1Mean(), some.top1Std(),
                some.top5Mean(), some.top5Std(), false, List.of(12L, 13L, 14L), List.of(new PrunedTrial(14, 3, 1, 0.13, 0.33))));
        SweepSummary pruned = new SweepSummary(3, "pruned", metric, axis, s.xValues(), true, null, s.setup(), points,
                s.paper(), s.compute());
        String svg = Figures.svg(pruned, 800, 500);
        assertThat(ReportApiTest.xml(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        if (axis == Axis.bypass) {
            assertThat(svg).contains("3 trials pruned early: in no mean, not drawn").doesNotContain("when stopped");
            return;
        }
        assertThat(svg).contains("pruned (" + metric.title() + " when stopped)", "epoch 2",
                "3 trials pruned early: in no mean, drawn hollow grey");
        var plot = (org.jfree.chart.plot.XYPlot) Figures.chart(pruned).getPlot();
        var markers = plot.getDataset(2);
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer(2);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < markers.getItemCount(0); i++) {
            drawn.add(String.format(java.util.Locale.ROOT, "%.4f %.0f %s", markers.getXValue(0, i), markers.getYValue(0, i),
                    renderer.getDefaultItemLabelGenerator().generateLabel(markers, 0, i)));
        }
        double x0 = axis == Axis.sr ? (Double) only.x() : only.sizeMib();
        double x2 = axis == Axis.sr ? (Double) some.x() : some.sizeMib();
        int offset = metric == Metric.top1 ? 11 : 31;
        assertThat(drawn).containsExactly(String.format(java.util.Locale.ROOT, "%.4f %d epoch 1", x0, offset),
                String.format(java.util.Locale.ROOT, "%.4f %d epoch 2", x0, offset + 1),
                String.format(java.util.Locale.ROOT, "%.4f %d epoch 1", x2, offset + 2));
        assertThat(renderer.getSeriesShapesFilled(0)).isFalse();
        assertThat(renderer.getItemLineVisible(0, 0)).isFalse();
        assertThat(renderer.getSeriesPaint(0)).isNotEqualTo(plot.getRenderer(0).getSeriesPaint(0));
        // without pruned trials there is no such series
        assertThat(((org.jfree.chart.plot.XYPlot) Figures.chart(s).getPlot()).getDataset(2)).isNull();
    }

    /** Table 2's figure: every paper point sits at its own row's size and carries its own row's label. */
    @org.junit.jupiter.api.Test
    void table2PlotsEachPaperRowAtItsSizeWithItsLabel() {
        Table2 table = Table2.of(1, List.of(), List.of(), java.util.Map.of(), PaperReference.PUBLISHED.table2());
        var plot = (org.jfree.chart.plot.XYPlot) Figures.table2(table, "t").getPlot();
        var paper = plot.getDataset(1);
        var labels = plot.getRenderer(1).getDefaultItemLabelGenerator();
        List<Table2.Row> rows = table.rows();
        assertThat(paper.getItemCount(0)).isEqualTo(rows.size()).isEqualTo(7);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(paper.getXValue(0, i)).isEqualTo(rows.get(i).sizeMb());
            assertThat(labels.generateLabel(paper, 0, i)).startsWith(rows.get(i).arch()).endsWith(rows.get(i).sizeMb() + " MB");
        }
        assertThat(labels.generateLabel(paper, 0, 6)).isEqualTo("SqueezeNet, Deep Compression 6 bit, 0.47 MB");
        assertThat(Figures.svg(Figures.table2(table, "t"), 900, 560)).contains("AlexNet, 240.0 MB");
    }
}
