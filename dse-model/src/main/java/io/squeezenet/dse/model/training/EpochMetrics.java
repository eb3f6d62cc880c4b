package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One epoch's progress: what the worker stores per epoch and the API shows with the trial. */
public record EpochMetrics(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("images_per_second") double imagesPerSecond,
        @JsonProperty("top1") double top1,
        @JsonProperty("top5") double top5,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("rss_bytes") long rssBytes) {
}
