package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.compression.CompressionResult;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.compression.DeepCompression;
import io.squeezenet.dse.model.compression.Int8Quantizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The paper's Table 2 regenerated from a sweep that measured compressions: the paper's rows (AlexNet and SqueezeNet,
 * uncompressed and compressed) beside ours, one row per design uncompressed and one per design and compression, means
 * over seeds. Ours are measured on the network trained here ({@code size_bytes}: the real file); {@code
 * imagenet_size_mb} is the same design at the paper's ImageNet scale by the layer table (dense, or the compression's
 * estimate), and {@code reduction_vs_alexnet} sets that against AlexNet's 240 MB as the paper's 50x, 363x and 510x do.
 * The paper's MB are 2^20 bytes of 4-byte parameters (1,248,424 x 4 bytes is its 4.8 MB). Accuracies are fractions.
 */
public record Table2(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("rows") List<Row> rows) {

    static final double MIB = 1024.0 * 1024.0;

    @JsonPropertyOrder({"source", "arch", "design", "compression", "data_type", "n", "size_bytes", "size_mb",
            "estimated_bytes", "reduction", "imagenet_size_mb", "reduction_vs_alexnet", "top1", "top5", "top1_before",
            "top1_no_retrain", "top1_finetuned"})
    public record Row(
            @JsonProperty("source") String source,
            @JsonProperty("arch") String arch,
            @JsonProperty("design") String design,
            @JsonProperty("compression") String compression,
            @JsonProperty("data_type") String dataType,
            @JsonProperty("n") Integer n,
            @JsonProperty("size_bytes") Long sizeBytes,
            @JsonProperty("size_mb") double sizeMb,
            @JsonProperty("estimated_bytes") Long estimatedBytes,
            @JsonProperty("reduction") Double reduction,
            @JsonProperty("imagenet_size_mb") Double imagenetSizeMb,
            @JsonProperty("reduction_vs_alexnet") double reductionVsAlexnet,
            @JsonProperty("top1") Double top1,
            @JsonProperty("top5") Double top5,
            @JsonProperty("top1_before") Double top1Before,
            @JsonProperty("top1_no_retrain") Double top1NoRetrain,
            @JsonProperty("top1_finetuned") Double top1Finetuned) {
    }

    /** A printed row of the paper's Table 2, as {@code paper/squeezenet-paper.json} holds it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaperRow(@JsonProperty("arch") String arch, @JsonProperty("compression") String compression,
                           @JsonProperty("data_type") String dataType, @JsonProperty("size_mb") double sizeMb,
                           @JsonProperty("reduction_vs_alexnet") double reductionVsAlexnet,
                           @JsonProperty("top1") double top1, @JsonProperty("top5") double top5) {
    }

    /** AlexNet's uncompressed size in the paper's MB: what every reduction factor is taken against. */
    static double alexnetMb(List<PaperRow> paper) {
        return paper.stream().filter(r -> r.arch().equals("AlexNet") && r.compression().equals("none"))
                .findFirst().orElseThrow().sizeMb();
    }

    /**
     * The table of a sweep's trials and their compressions ({@code compressions} by trial id, in the order of
     * {@code specs}, the sweep's list).
     */
    static Table2 of(long sweepId, List<Trial> trials, List<CompressionSpec> specs,
                     Map<Long, List<CompressionResult>> compressions, List<PaperRow> paper) {
        List<Row> rows = new ArrayList<>();
        for (PaperRow p : paper) {
            rows.add(new Row("paper", p.arch(), null, p.compression(), p.dataType(), null, null, p.sizeMb(), null, null,
                    null, p.reductionVsAlexnet(), p.top1() / 100, p.top5() / 100, null, null, null));
        }
        double alexnet = alexnetMb(paper);
        Map<Metaparameters, List<Trial>> byDesign = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.getStatus() == TrialStatus.SUCCEEDED) {
                byDesign.computeIfAbsent(t.getMetaparameters(), k -> new ArrayList<>()).add(t);
            }
        }
        boolean complete = trials.stream().allMatch(t -> t.getStatus() == TrialStatus.SUCCEEDED
                || t.getStatus() == TrialStatus.FAILED);
        for (var design : byDesign.entrySet()) {
            Metaparameters m = design.getKey();
            List<Trial> done = design.getValue();
            Architecture imagenet = Architecture.imagenet(m);
            double imagenetMb = imagenet.sizeBytes() / MIB;
            long dense = done.get(0).getSizeBytes();
            rows.add(new Row("ours", "SqueezeNet", m.toString(), "none", "32 bit", done.size(), dense, dense / MIB, null,
                    1.0, imagenetMb, alexnet / imagenetMb, mean(done, Trial::getTop1), mean(done, Trial::getTop5),
                    null, null, null));
            for (int i = 0; i < specs.size(); i++) {
                CompressionSpec spec = specs.get(i);
                List<CompressionResult> measured = new ArrayList<>();
                for (Trial t : done) {
                    // by the method itself: a reused trial's were measured for another sweep's list
                    compressions.getOrDefault(t.getId(), List.of()).stream()
                            .filter(r -> r.compression().equals(spec)).findFirst().ifPresent(measured::add);
                }
                if (measured.isEmpty()) {
                    continue;
                }
                double bytes = average(measured, CompressionResult::compressedBytes);
                double imagenetCompressedMb = imagenetEstimate(imagenet, spec) / MIB;
                rows.add(new Row("ours", "SqueezeNet", m.toString(), spec.label(),
                        spec.method() == CompressionMethod.INT8 ? "8 bit fixed point" : spec.bits() + " bit",
                        measured.size(), Math.round(bytes), bytes / MIB,
                        Math.round(average(measured, CompressionResult::estimatedBytes)),
                        average(measured, CompressionResult::reduction), imagenetCompressedMb,
                        alexnet / imagenetCompressedMb, average(measured, CompressionResult::top1),
                        average(measured, CompressionResult::top5), average(measured, CompressionResult::top1Before),
                        average(measured, CompressionResult::top1Compressed),
                        measured.stream().allMatch(r -> r.top1Finetuned() != null)
                                ? average(measured, CompressionResult::top1Finetuned) : null));
            }
        }
        return new Table2(sweepId, complete, List.copyOf(rows));
    }

    /** The compressed size of the ImageNet-scale design by the layer table: Deep Compression's estimate, or int8's bytes. */
    static long imagenetEstimate(Architecture imagenet, CompressionSpec spec) {
        if (spec.method() == CompressionMethod.INT8) {
            return Int8Quantizer.estimate(imagenet);
        }
        var deep = spec.deepSettings();
        return DeepCompression.estimate(imagenet, deep.density(), deep.conv1Density(), deep.weightBits(),
                deep.indexBits()).sizeBytes();
    }

    private static Double mean(List<Trial> trials, java.util.function.Function<Trial, Double> value) {
        double sum = 0;
        int n = 0;
        for (Trial t : trials) {
            Double v = value.apply(t);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static <T> double average(List<T> values, ToDoubleFunction<T> value) {
        return values.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** The table as Markdown, accuracies in percent, as the paper prints them. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| source | architecture | compression | data type | size | reduction vs AlexNet | top-1 | top-5"
                + " | top-1 before | top-1 no retraining | n |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String size = r.sizeBytes() == null ? r.sizeMb() + " MB"
                    : String.format(Locale.ROOT, "%,d bytes (%.2f MB; %.2f MB at ImageNet scale)", r.sizeBytes(),
                    r.sizeMb(), r.imagenetSizeMb());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0fx | %s | %s | %s | %s | %s |%n",
                    r.source(), r.design() == null ? r.arch() : r.arch() + " " + r.design(), r.compression(),
                    r.dataType(), size, r.reductionVsAlexnet(), Table3.percent(r.top1()), Table3.percent(r.top5()),
                    Table3.percent(r.top1Before()), Table3.percent(r.top1NoRetrain()), r.n() == null ? "-" : r.n()));
        }
        return md.toString();
    }
}
