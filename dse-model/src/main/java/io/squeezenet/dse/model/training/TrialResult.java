package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one trained variant achieved. Sizes are given twice: the network actually trained (small inputs, few
 * classes) and the same metaparameters at the paper's ImageNet configuration, which is what Figure 3 plots.
 * {@code params} and {@code size_bytes} are the paper's network exactly; {@code norm_params} counts what a recipe
 * with a {@code norm} other than {@code none} adds on top of them (0 otherwise). {@code trained_params} is counted on
 * the DJL network that was trained (its trainable parameters less the batch norm's), so a layer built differently
 * from the layer table shows as a difference from {@code params}; 0 in results from before it was recorded.
 * {@code device} and {@code threads} say where it trained, which the speeds depend on ({@code threads} is 0 in
 * results stored while the recipe still held it).
 */
public record TrialResult(
        @JsonProperty("metaparameters") Metaparameters metaparameters,
        @JsonProperty("recipe") TrainingRecipe recipe,
        @JsonProperty("params") long params,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("norm_params") long normParams,
        @JsonProperty("trained_params") long trainedParams,
        @JsonProperty("imagenet_params") long imagenetParams,
        @JsonProperty("imagenet_size_bytes") long imagenetSizeBytes,
        @JsonProperty("top1") double top1,
        @JsonProperty("top5") double top5,
        @JsonProperty("train_images") int trainImages,
        @JsonProperty("test_images") int testImages,
        @JsonProperty("epochs") List<EpochMetrics> epochs,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("images_per_second") double imagesPerSecond,
        @JsonProperty("eval_images_per_second") double evalImagesPerSecond,
        @JsonProperty("device") String device,
        @JsonProperty("threads") int threads,
        @JsonProperty("djl_version") String djlVersion,
        @JsonProperty("pytorch_version") String pytorchVersion) {

    /** Stored results are read leniently: fields added since a result was written read as 0 or null. */
    private static final JsonMapper STORED = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** A result as a worker stored it, by whichever version wrote it. */
    public static TrialResult read(String json) {
        return STORED.readValue(json, TrialResult.class);
    }
}
