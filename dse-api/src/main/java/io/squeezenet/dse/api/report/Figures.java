package io.squeezenet.dse.api.report;

import io.squeezenet.dse.api.report.SweepSummary.PaperPoint;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import io.squeezenet.dse.api.report.SweepSummary.PrunedTrial;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * A sweep's figure, drawn with JFreeChart in the paper's layout: accuracy against the swept metaparameter with +-1
 * std error bars and each point labelled with its size (Figure 3), the paper's ImageNet curve on a second axis where
 * the sweep is one of its studies; grouped bars for a bypass sweep (Table 3); accuracy against size with the Pareto
 * front as a step line for any other sweep. Pruned trials are drawn apart on the first two, one hollow grey marker
 * each at its accuracy when stopped, labelled with that epoch.
 */
public final class Figures {

    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 560;
    /** 2400 x 2400 at most: a PNG is drawn in memory at 4 bytes a pixel. */
    public static final int MAX_SIDE = 2400;

    private static final Color OURS = new Color(0x1f, 0x77, 0xb4);
    private static final Color PAPER = new Color(0xd6, 0x27, 0x28);
    private static final Color FRONT = new Color(0x2c, 0xa0, 0x2c);
    private static final Color PRUNED = new Color(0x88, 0x88, 0x88);

    private Figures() {
    }

    public static String svg(SweepSummary summary, int width, int height) {
        return svg(chart(summary), width, height);
    }

    public static byte[] png(SweepSummary summary, int width, int height) {
        return png(chart(summary), width, height);
    }

    static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(width, height));
        // no DOCTYPE: it names a DTD that XML parsers would fetch over the network, and SVG needs none
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g2.getSVGElement() + "\n";
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Table 2 as a figure: top-1 against size on a log axis, one series per compression (ours, the networks trained
     * here, at their real file sizes), and the paper's ImageNet rows on the right axis.
     */
    static JFreeChart table2(Table2 table, String name) {
        Map<String, XYSeries> ours = new LinkedHashMap<>();
        // unsorted, so each point's index is its row's and the labels below find their own point
        XYSeries paper = new XYSeries("paper: ImageNet top-1 (%), right axis", false);
        List<Table2.Row> paperRows = new ArrayList<>();
        for (Table2.Row r : table.rows()) {
            if (r.source().equals("paper")) {
                paper.add(r.sizeMb(), r.top1() * 100);
                paperRows.add(r);
            } else if (r.top1() != null) {
                ours.computeIfAbsent(r.compression(), c -> new XYSeries("ours: " + c, false)).add(r.sizeMb(), r.top1() * 100);
            }
        }
        LogAxis x = new LogAxis("size (MiB, log scale)");
        x.setSmallestValue(0.01);
        NumberAxis y = new NumberAxis("ours: top-1 accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        XYSeriesCollection oursData = new XYSeriesCollection();
        ours.values().forEach(oursData::addSeries);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        XYPlot plot = new XYPlot(oursData, x, y, points);
        style(plot);
        NumberAxis right = new NumberAxis("paper: ImageNet top-1 (%)");
        right.setAutoRangeIncludesZero(false);
        plot.setRangeAxis(1, right);
        plot.setDataset(1, new XYSeriesCollection(paper));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer published = new XYLineAndShapeRenderer(false, true);
        published.setSeriesPaint(0, PAPER);
        published.setDefaultItemLabelGenerator((dataset, row, item) -> paperLabel(paperRows.get(item)));
        published.setDefaultItemLabelsVisible(true);
        published.setDefaultItemLabelPaint(PAPER);
        plot.setRenderer(1, published);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(name + ": Table 2", new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        TextTitle note = new TextTitle("Ours: the networks trained here, mean over seeds, at the size of the file written;"
                + " the paper's: ImageNet, so compare the reductions, not the levels.",
                new Font(Font.SANS_SERIF, Font.ITALIC, 11));
        note.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(note);
        return chart;
    }

    static JFreeChart chart(SweepSummary summary) {
        JFreeChart chart = switch (summary.x()) {
            case bypass, variant -> bars(summary);
            case size_mib -> sizeFront(summary);
            default -> curve(summary);
        };
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(summary.name(), new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.addSubtitle(new TextTitle(summary.setup() + (summary.complete() ? "" : " (partial: trials still running)"),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        TextTitle note = new TextTitle(note(summary), new Font(Font.SANS_SERIF, Font.ITALIC, 11));
        note.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(note);
        return chart;
    }

    /** A paper row in a few words: {@code SqueezeNet, Deep Compression 6 bit, 0.47 MB}. */
    private static String paperLabel(Table2.Row r) {
        String method = r.compression().equals("none") ? "" : ", " + r.compression().replace(" (33% density)", "")
                + (r.compression().startsWith("Deep") ? " " + r.dataType() : "");
        return r.arch() + method + ", " + r.sizeMb() + " MB";
    }

    private static String ours(SweepSummary s) {
        return "ours: " + s.metric().title() + " (%), mean +- std over seeds";
    }

    /** Figure 3: accuracy against the swept value, points labelled with the trained network's MiB. */
    private static JFreeChart curve(SweepSummary s) {
        List<Point> points = measured(s);
        XYPlot plot = errorBarPlot(s, withErrorBars(s, points, p -> ((Number) p.x()).doubleValue()), s.x(), true);
        XYErrorRenderer renderer = (XYErrorRenderer) plot.getRenderer();
        renderer.setDefaultItemLabelGenerator((dataset, row, item) -> mib(points.get(item).sizeMib()));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        List<PaperPoint> paper = s.paper().stream().filter(p -> p.value(Metric.top5) != null).toList();
        if (!paper.isEmpty()) {
            XYSeries published = new XYSeries("paper: ImageNet top-5 (%), right axis");
            paper.forEach(p -> published.add(((Number) p.x()).doubleValue(), p.top5() * 100));
            NumberAxis right = new NumberAxis("paper: ImageNet top-5 (%)");
            right.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, right);
            plot.setDataset(1, new XYSeriesCollection(published));
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
            line.setSeriesPaint(0, PAPER);
            line.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
            line.setDefaultItemLabelGenerator((dataset, row, item) -> paper.get(item).sizeMb() + " MB");
            line.setDefaultItemLabelsVisible(true);
            line.setDefaultItemLabelPaint(PAPER);
            line.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE6, TextAnchor.TOP_CENTER));
            plot.setRenderer(1, line);
        }
        pruned(s, plot, p -> ((Number) p.x()).doubleValue());
        return new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /** Any other sweep: accuracy against the trained network's size, the Pareto front as a step line. */
    private static JFreeChart sizeFront(SweepSummary s) {
        List<Point> points = measured(s);
        XYPlot plot = errorBarPlot(s, withErrorBars(s, points, Point::sizeMib), Axis.size_mib, false);
        XYSeries front = new XYSeries("Pareto front (smaller and at least as accurate)");
        points.stream().filter(Point::pareto).forEach(p -> front.add(p.sizeMib(), p.mean(s.metric()) * 100));
        plot.setDataset(1, new XYSeriesCollection(front));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, FRONT);
        step.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, step);
        pruned(s, plot, Point::sizeMib);
        return new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /**
     * The pruned trials as dataset 2 on the left axis, at their design's {@code x}: hollow grey, so they read as
     * stopped early beside the means of the trials trained to the end. Nothing is added when none was pruned.
     */
    private static void pruned(SweepSummary s, XYPlot plot, java.util.function.ToDoubleFunction<Point> x) {
        // unsorted, so each marker's index is its trial's and the label finds its own epoch
        XYSeries series = new XYSeries("pruned (" + s.metric().title() + " when stopped)", false);
        List<PrunedTrial> trials = new ArrayList<>();
        for (Point p : s.points()) {
            for (PrunedTrial t : p.prunedTrials()) {
                if (t.value(s.metric()) != null) {
                    series.add(x.applyAsDouble(p), t.value(s.metric()) * 100);
                    trials.add(t);
                }
            }
        }
        if (trials.isEmpty()) {
            return;
        }
        plot.setDataset(2, new XYSeriesCollection(series));
        XYLineAndShapeRenderer hollow = new XYLineAndShapeRenderer(false, true);
        hollow.setSeriesPaint(0, PRUNED);
        hollow.setSeriesShapesFilled(0, false);
        hollow.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        hollow.setItemLabelAnchorOffset(6);
        hollow.setDefaultItemLabelGenerator((dataset, row, item) -> "epoch " + trials.get(item).prunedAtEpoch());
        hollow.setDefaultItemLabelsVisible(true);
        hollow.setDefaultItemLabelPaint(PRUNED);
        hollow.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        hollow.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        plot.setRenderer(2, hollow);
    }

    /** Table 3 as grouped bars: ours beside the paper's ImageNet accuracy, per bypass type (or per variant). */
    private static JFreeChart bars(SweepSummary s) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        String oursKey = ours(s);
        String paperKey = "paper: ImageNet " + s.metric().title() + " (%)";
        for (Point p : measured(s)) {
            data.add(p.mean(s.metric()) * 100, stdPercent(s, p), oursKey, category(p));
        }
        for (PaperPoint p : s.paper()) {
            s.points().stream().filter(o -> o.x().equals(p.x()) && o.n() > 0).findFirst()
                    .ifPresent(o -> data.add(p.value(s.metric()) * 100, 0, paperKey, category(o)));
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setSeriesPaint(0, OURS);
        renderer.setSeriesPaint(1, PAPER);
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelPaint(Color.WHITE);
        // inside the bar's top, clear of the error bar
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.INSIDE12, TextAnchor.TOP_CENTER));
        NumberAxis y = new NumberAxis(s.metric().title() + " accuracy (%)");
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(s.x().title() + " (size of the network trained)"), y,
                renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /** Our points with their error bars against {@code axis}, joined by a line when the axis is a metaparameter. */
    private static XYPlot errorBarPlot(SweepSummary s, YIntervalSeriesCollection ours, Axis axis, boolean joined) {
        NumberAxis x = new NumberAxis(axis.title());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(s.metric().title() + " accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(joined);
        renderer.setSeriesPaint(0, OURS);
        renderer.setErrorPaint(OURS);
        XYPlot plot = new XYPlot(ours, x, y, renderer);
        style(plot);
        return plot;
    }

    /** Our points at their means in percent, +-1 std (none below two seeds). */
    private static YIntervalSeriesCollection withErrorBars(SweepSummary s, List<Point> points,
                                                           java.util.function.ToDoubleFunction<Point> x) {
        YIntervalSeries series = new YIntervalSeries(ours(s));
        for (Point p : points) {
            double mean = p.mean(s.metric()) * 100;
            double std = stdPercent(s, p);
            series.add(x.applyAsDouble(p), mean, mean - std, mean + std);
        }
        YIntervalSeriesCollection collection = new YIntervalSeriesCollection();
        collection.addSeries(series);
        return collection;
    }

    private static double stdPercent(SweepSummary s, Point p) {
        return p.std(s.metric()) == null ? 0 : p.std(s.metric()) * 100;
    }

    private static String category(Point p) {
        return p.x() + " (" + mib(p.sizeMib()) + ")";
    }

    private static List<Point> measured(SweepSummary s) {
        return s.points().stream().filter(p -> p.mean(s.metric()) != null).toList();
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    /** What the sizes mean, and the ImageNet-configuration sizes the paper's labels refer to. */
    private static String note(SweepSummary s) {
        String imagenet = measured(s).stream().map(p -> String.format(Locale.ROOT, "%.1f", p.imagenetSizeMib()))
                .collect(Collectors.joining(", "));
        String text = "Sizes: MiB of the network trained (32-bit); the same designs at the paper's ImageNet configuration: "
                + (imagenet.isEmpty() ? "-" : imagenet) + " MiB.";
        if (!s.paper().isEmpty()) {
            text += " The paper's values are ImageNet accuracies, so compare shapes, not levels.";
        }
        int pruned = s.points().stream().mapToInt(Point::pruned).sum();
        if (pruned > 0) {
            text += String.format(Locale.ROOT, " %d trial%s pruned early: in no mean%s.", pruned, pruned == 1 ? "" : "s",
                    s.x() == Axis.bypass || s.x() == Axis.variant ? ", not drawn" : ", drawn hollow grey");
        }
        if (measured(s).isEmpty()) {
            text += " No trial has succeeded yet.";
        }
        return text;
    }

    private static String mib(double mib) {
        return String.format(Locale.ROOT, mib < 10 ? "%.2f MiB" : "%.1f MiB", mib);
    }
}
