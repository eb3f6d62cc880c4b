package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.compression.CompressionResult;

/**
 * One compression of one trial, flat for pandas: the design and seed, the method and its settings, the real and
 * estimated bytes, and top-1/top-5 before, right after and after the fine-tune ({@code compressions.csv}).
 */
@JsonPropertyOrder({"sweep_id", "trial_id", "base_e", "incr_e", "freq", "sr", "pct_3x3", "bypass", "variant", "seed",
        "method", "density", "bits", "huffman", "finetune_epochs", "weights", "nonzero_weights", "padding_entries",
        "dense_bytes", "compressed_bytes", "estimated_bytes", "norm_bytes", "reduction", "top1_before", "top5_before",
        "top1_compressed", "top5_compressed", "top1_finetuned", "top5_finetuned", "test_images"})
public record CompressionRow(
        @JsonProperty("sweep_id") long sweepId,
        @JsonProperty("trial_id") long trialId,
        @JsonProperty("base_e") int baseE,
        @JsonProperty("incr_e") int incrE,
        @JsonProperty("freq") int freq,
        @JsonProperty("sr") double sr,
        @JsonProperty("pct_3x3") double pct3x3,
        @JsonProperty("bypass") Bypass bypass,
        @JsonProperty("variant") Variant variant,
        @JsonProperty("seed") long seed,
        @JsonProperty("method") CompressionMethod method,
        @JsonProperty("density") Double density,
        @JsonProperty("bits") Integer bits,
        @JsonProperty("huffman") Boolean huffman,
        @JsonProperty("finetune_epochs") int finetuneEpochs,
        @JsonProperty("weights") long weights,
        @JsonProperty("nonzero_weights") long nonzeroWeights,
        @JsonProperty("padding_entries") long paddingEntries,
        @JsonProperty("dense_bytes") long denseBytes,
        @JsonProperty("compressed_bytes") long compressedBytes,
        @JsonProperty("estimated_bytes") long estimatedBytes,
        @JsonProperty("norm_bytes") long normBytes,
        @JsonProperty("reduction") double reduction,
        @JsonProperty("top1_before") double top1Before,
        @JsonProperty("top5_before") double top5Before,
        @JsonProperty("top1_compressed") double top1Compressed,
        @JsonProperty("top5_compressed") double top5Compressed,
        @JsonProperty("top1_finetuned") Double top1Finetuned,
        @JsonProperty("top5_finetuned") Double top5Finetuned,
        @JsonProperty("test_images") int testImages) {

    static CompressionRow of(Trial t, CompressionResult r) {
        Metaparameters m = t.getMetaparameters();
        var c = r.compression();
        return new CompressionRow(t.getSweepId(), t.getId(), m.expandBase(), m.expandIncrement(), m.freq(),
                m.squeezeRatio(), m.pct3x3(), m.bypass(), m.variant(), t.getSeed(), c.method(), c.density(), c.bits(),
                c.huffman(), c.finetuneEpochs(), r.weights(), r.nonzeroWeights(), r.paddingEntries(), r.denseBytes(),
                r.compressedBytes(), r.estimatedBytes(), r.normBytes(), r.reduction(), r.top1Before(), r.top5Before(),
                r.top1Compressed(), r.top5Compressed(), r.top1Finetuned(), r.top5Finetuned(), r.testImages());
    }
}
