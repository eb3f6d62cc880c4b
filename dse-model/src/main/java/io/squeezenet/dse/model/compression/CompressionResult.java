package io.squeezenet.dse.model.compression;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One compression of one trained network, measured: the file's real size beside the dense size and the estimate,
 * and accuracy on the test split before, right after compression (no retraining), and after the fine-tune (null when
 * {@code finetune_epochs} is 0). What {@code dse compress --json} prints and what a sweep's trial records.
 * {@code norm_bytes}: batch norm's scales, shifts and statistics, kept dense beside the file and, like the paper's
 * sizes, counted in neither {@code dense_bytes} nor {@code compressed_bytes}.
 */
public record CompressionResult(
        @JsonProperty("compression") CompressionSpec compression,
        @JsonProperty("weights") long weights,
        @JsonProperty("nonzero_weights") long nonzeroWeights,
        @JsonProperty("padding_entries") long paddingEntries,
        @JsonProperty("dense_bytes") long denseBytes,
        @JsonProperty("compressed_bytes") long compressedBytes,
        @JsonProperty("estimated_bytes") long estimatedBytes,
        @JsonProperty("norm_bytes") long normBytes,
        @JsonProperty("top1_before") double top1Before,
        @JsonProperty("top5_before") double top5Before,
        @JsonProperty("top1_compressed") double top1Compressed,
        @JsonProperty("top5_compressed") double top5Compressed,
        @JsonProperty("top1_finetuned") Double top1Finetuned,
        @JsonProperty("top5_finetuned") Double top5Finetuned,
        @JsonProperty("test_images") int testImages) {

    /** Dense size over compressed size: the paper's "50x", "510x". */
    @JsonProperty("reduction")
    public double reduction() {
        return (double) denseBytes / compressedBytes;
    }

    /** The accuracy the compressed file delivers: after the fine-tune when there was one. */
    public double top1() {
        return top1Finetuned != null ? top1Finetuned : top1Compressed;
    }

    public double top5() {
        return top5Finetuned != null ? top5Finetuned : top5Compressed;
    }
}
