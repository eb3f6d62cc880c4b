package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.List;

/**
 * What one trained variant achieved. Sizes are given twice: the network actually trained (small inputs, few
 * classes) and the same metaparameters at the paper's ImageNet configuration, which is what Figure 3 plots.
 * {@code params} and {@code size_bytes} are the paper's network exactly; {@code norm_params} counts what a recipe
 * with a {@code norm} other than {@code none} adds on top of them (0 otherwise).
 */
public record TrialResult(
        @JsonProperty("metaparameters") Metaparameters metaparameters,
        @JsonProperty("recipe") TrainingRecipe recipe,
        @JsonProperty("params") long params,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("norm_params") long normParams,
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
        @JsonProperty("djl_version") String djlVersion,
        @JsonProperty("pytorch_version") String pytorchVersion) {
}
