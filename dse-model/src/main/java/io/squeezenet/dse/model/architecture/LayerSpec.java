package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the layer table (the paper's Table 1): what the layer is, its channels and window, the Fire module's
 * s1x1/e1x1/e3x3 where it is one, its exact parameter count, and the feature map it outputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerSpec(
        @JsonProperty("name") String name,
        @JsonProperty("kind") Kind kind,
        @JsonProperty("in_channels") int inChannels,
        @JsonProperty("out_channels") int outChannels,
        @JsonProperty("kernel") Integer kernel,
        @JsonProperty("stride") Integer stride,
        @JsonProperty("padding") Integer padding,
        @JsonProperty("s1x1") Integer s1x1,
        @JsonProperty("e1x1") Integer e1x1,
        @JsonProperty("e3x3") Integer e3x3,
        @JsonProperty("params") long params,
        @JsonProperty("out_height") int outHeight,
        @JsonProperty("out_width") int outWidth) {

    public enum Kind {
        conv, maxpool, fire, bypass_identity, bypass_conv, dropout, global_avgpool
    }

    /** The output as Table 1 prints it: H x W x C. */
    @JsonProperty("output")
    public String output() {
        return outHeight + "x" + outWidth + "x" + outChannels;
    }

    /**
     * Multiply-accumulates per image: each convolution's weights once per output position (squeeze and both expand
     * layers for a Fire module). Pooling, ReLU and the bypass additions are not counted, as is customary.
     */
    @JsonProperty("macs")
    public long macs() {
        long positions = (long) outHeight * outWidth;
        return switch (kind) {
            case conv, bypass_conv -> positions * inChannels * outChannels * kernel * kernel;
            case fire -> positions * ((long) inChannels * s1x1 + (long) s1x1 * e1x1 + (long) s1x1 * e3x3 * 9);
            default -> 0;
        };
    }

    /** Parameters of a convolution with bias: the one formula every layer's count comes from. */
    static long convParams(int in, int out, int kernel) {
        return (long) out * in * kernel * kernel + out;
    }
}
