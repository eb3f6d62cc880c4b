package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.squeezenet.dse.api.report.SweepSummary.PaperPoint;
import io.squeezenet.dse.api.report.SweepSummary.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's Table 3 regenerated from a bypass sweep: one row per bypass type, ours (mean +- std over seeds) beside
 * the paper's, each with its difference from the vanilla (no bypass) row. Accuracies are fractions.
 */
public record Table3(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("setup") String setup,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("rows") List<Row> rows) {

    @JsonPropertyOrder({"bypass", "n", "top1_mean", "top1_std", "top5_mean", "top5_std", "size_bytes", "size_mib",
            "imagenet_size_bytes", "imagenet_size_mib", "top1_vs_vanilla", "top5_vs_vanilla", "paper_top1", "paper_top5",
            "paper_size_mb", "paper_top1_vs_vanilla", "paper_top5_vs_vanilla"})
    public record Row(
            @JsonProperty("bypass") String bypass,
            @JsonProperty("n") int n,
            @JsonProperty("top1_mean") Double top1Mean,
            @JsonProperty("top1_std") Double top1Std,
            @JsonProperty("top5_mean") Double top5Mean,
            @JsonProperty("top5_std") Double top5Std,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("size_mib") double sizeMib,
            @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
            @JsonProperty("imagenet_size_mib") double imagenetSizeMib,
            @JsonProperty("top1_vs_vanilla") Double top1VsVanilla,
            @JsonProperty("top5_vs_vanilla") Double top5VsVanilla,
            @JsonProperty("paper_top1") Double paperTop1,
            @JsonProperty("paper_top5") Double paperTop5,
            @JsonProperty("paper_size_mb") Double paperSizeMb,
            @JsonProperty("paper_top1_vs_vanilla") Double paperTop1VsVanilla,
            @JsonProperty("paper_top5_vs_vanilla") Double paperTop5VsVanilla) {
    }

    /** The table of a summary whose axis is {@code bypass}. */
    static Table3 of(SweepSummary s) {
        Point vanilla = s.points().stream().filter(p -> "none".equals(p.x())).findFirst().orElse(null);
        PaperPoint paperVanilla = s.paper().stream().filter(p -> "none".equals(p.x())).findFirst().orElse(null);
        List<Row> rows = new ArrayList<>();
        for (Point p : s.points()) {
            PaperPoint paper = s.paper().stream().filter(q -> q.x().equals(p.x())).findFirst().orElse(null);
            rows.add(new Row((String) p.x(), p.n(), p.top1Mean(), p.top1Std(), p.top5Mean(), p.top5Std(), p.sizeBytes(),
                    p.sizeMib(), p.imagenetSizeBytes(), p.imagenetSizeMib(),
                    difference(p.top1Mean(), vanilla == null ? null : vanilla.top1Mean()),
                    difference(p.top5Mean(), vanilla == null ? null : vanilla.top5Mean()),
                    paper == null ? null : paper.top1(), paper == null ? null : paper.top5(),
                    paper == null ? null : paper.sizeMb(),
                    paper == null || paperVanilla == null ? null : difference(paper.top1(), paperVanilla.top1()),
                    paper == null || paperVanilla == null ? null : difference(paper.top5(), paperVanilla.top5())));
        }
        return new Table3(s.sweepId(), s.setup(), s.complete(), List.copyOf(rows));
    }

    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    /** The table as Markdown, accuracies in percent, as the paper prints them. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| bypass | ours top-1 | ours top-5 | n | size trained | size at ImageNet | top-1 vs vanilla | top-5 vs vanilla"
                + " | paper top-1 | paper top-5 | paper size | paper top-1 vs vanilla | paper top-5 vs vanilla |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f MiB | %.2f MiB | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.bypass(), meanStd(r.top1Mean(), r.top1Std()), meanStd(r.top5Mean(), r.top5Std()), r.n(), r.sizeMib(),
                    r.imagenetSizeMib(), points(r.top1VsVanilla()), points(r.top5VsVanilla()), percent(r.paperTop1()),
                    percent(r.paperTop5()), r.paperSizeMb() == null ? "-" : r.paperSizeMb() + " MB",
                    points(r.paperTop1VsVanilla()), points(r.paperTop5VsVanilla())));
        }
        return md.toString();
    }

    static String meanStd(Double mean, Double std) {
        if (mean == null) {
            return "-";
        }
        return std == null ? percent(mean) : String.format(Locale.ROOT, "%.1f%% +- %.1f", mean * 100, std * 100);
    }

    static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", value * 100);
    }

    /** A difference in percentage points, signed. */
    static String points(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%+.1f pts", value * 100);
    }
}
