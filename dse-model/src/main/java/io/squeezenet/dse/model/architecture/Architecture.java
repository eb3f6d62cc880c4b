package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The network a set of metaparameters describes, as data: the layer table and its exact totals. Derived by the
 * model conventions in docs/architecture.md; the DJL block ({@code network.SqueezeNetBlock}) is built from this
 * table, never the other way round.
 */
@JsonPropertyOrder({"metaparameters", "stem", "input", "num_classes", "params", "size_bytes", "size_mib", "macs", "layers"})
public record Architecture(
        @JsonProperty("metaparameters") Metaparameters metaparameters,
        @JsonProperty("stem") Stem stem,
        @JsonProperty("input") InputShape input,
        @JsonProperty("num_classes") int numClasses,
        @JsonProperty("layers") List<LayerSpec> layers,
        @JsonProperty("params") long params) {

    public static final int BYTES_PER_PARAM = 4;
    public static final int IMAGENET_CLASSES = 1000;
    public static final int MAX_CLASSES = 100_000;
    static final int POOL_KERNEL = 3;
    static final int POOL_STRIDE = 2;

    public Architecture {
        layers = List.copyOf(layers);
    }

    /** Model size at 32-bit weights: the paper's "MB" is params x 4 bytes. */
    @JsonProperty("size_bytes")
    public long sizeBytes() {
        return params * BYTES_PER_PARAM;
    }

    @JsonProperty("size_mib")
    public double sizeMib() {
        return sizeBytes() / (1024.0 * 1024.0);
    }

    /** Multiply-accumulates of one image's forward pass: the computation v1.1 cuts about 2.4x against v1.0. */
    @JsonProperty("macs")
    public long macs() {
        return layers.stream().mapToLong(LayerSpec::macs).sum();
    }

    /**
     * An estimate of the memory one training step of {@code batchSize} images needs, for admission caps: every
     * layer's output (and each Fire module's squeeze output, and its two expand outputs before they are concatenated)
     * kept for the backward pass and matched by a gradient, plus weights, gradients and two optimizer moments per
     * parameter, at 4 bytes. It errs high (PyTorch frees some of these early), as a cap should. Checked arithmetic: a design too big to
     * count saturates at {@link Long#MAX_VALUE}, which every cap refuses.
     */
    public long trainingMemoryBytes(int batchSize) {
        try {
            long perImage = (long) input.channels() * input.height() * input.width();
            for (LayerSpec l : layers) {
                long map = Math.multiplyExact((long) l.outHeight(), l.outWidth());
                long values = Math.multiplyExact(map, l.outChannels());
                if (l.kind() == LayerSpec.Kind.fire) {
                    values = Math.addExact(Math.multiplyExact(values, 2), Math.multiplyExact(map, l.s1x1()));
                }
                perImage = Math.addExact(perImage, values);
            }
            long activations = Math.multiplyExact(Math.multiplyExact(perImage, batchSize), 2L * BYTES_PER_PARAM);
            return Math.addExact(activations, Math.multiplyExact(params, 4L * BYTES_PER_PARAM));
        } catch (ArithmeticException tooBig) {
            return Long.MAX_VALUE;
        }
    }

    /** The same metaparameters at the paper's configuration: 3x227x227 crops, 1000 classes, the paper's stem. */
    public static Architecture imagenet(Metaparameters m) {
        return derive(m, Stem.PAPER, InputShape.IMAGENET, IMAGENET_CLASSES);
    }

    public static Architecture derive(Metaparameters m, Stem stem, InputShape input, int numClasses) {
        if (numClasses < 1 || numClasses > MAX_CLASSES) {
            throw new InvalidDesignException("num_classes", "must be in [1, " + MAX_CLASSES + "], got " + numClasses);
        }
        var table = new TableBuilder(input);
        Variant variant = m.variant();
        int conv1Kernel = stem == Stem.PAPER ? variant.paperConv1Kernel() : stem.kernel();
        table.conv("conv1", variant.conv1Filters(), conv1Kernel, stem.stride(), stem.padding());
        table.maxpool("maxpool1");
        for (int i = 0; i < Metaparameters.FIRE_MODULES; i++) {
            int module = i + 2;
            int in = table.channels;
            table.fire("fire" + module, m.squeeze(i), m.expand1x1(i), m.expand3x3(i));
            if (m.bypass() != Bypass.NONE && contains(Metaparameters.SIMPLE_BYPASS_MODULES, i)) {
                table.bypass("bypass" + module, in, false);
            } else if (m.bypass() == Bypass.COMPLEX && contains(Metaparameters.COMPLEX_BYPASS_MODULES, i)) {
                table.bypass("bypass" + module, in, true);
            }
            if (variant.poolsAfter(module)) {
                table.maxpool("maxpool" + module);
            }
        }
        table.add("drop9", LayerSpec.Kind.dropout, table.channels, null, null, null, 0);
        table.conv("conv10", numClasses, 1, 1, 0);
        table.globalAvgPool("avgpool10");
        long params = table.rows.stream().mapToLong(LayerSpec::params).sum();
        return new Architecture(m, stem, input, numClasses, table.rows, params);
    }

    /** The row of the named layer, e.g. {@code fire2}. */
    public LayerSpec layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }

    private static boolean contains(int[] modules, int i) {
        for (int m : modules) {
            if (m == i) {
                return true;
            }
        }
        return false;
    }

    /** Walks the network once, tracking channels and the feature map so every row knows its output. */
    private static final class TableBuilder {
        final List<LayerSpec> rows = new ArrayList<>();
        final InputShape input;
        int channels;
        int height;
        int width;

        TableBuilder(InputShape input) {
            this.input = input;
            this.channels = input.channels();
            this.height = input.height();
            this.width = input.width();
        }

        void conv(String name, int filters, int kernel, int stride, int padding) {
            requireWindow(name, kernel, padding);
            int in = channels;
            height = Math.floorDiv(height + 2 * padding - kernel, stride) + 1;
            width = Math.floorDiv(width + 2 * padding - kernel, stride) + 1;
            channels = filters;
            rows.add(new LayerSpec(name, LayerSpec.Kind.conv, in, filters, kernel, stride, padding, null, null, null,
                    LayerSpec.convParams(in, filters, kernel), height, width));
        }

        /** Max-pool 3x3/2 in ceil mode, as Caffe and torchvision do (55 -> 27 -> 13 in Table 1). */
        void maxpool(String name) {
            requireWindow(name, POOL_KERNEL, 0);
            height = ceilPool(height);
            width = ceilPool(width);
            add(name, LayerSpec.Kind.maxpool, channels, POOL_KERNEL, POOL_STRIDE, 0, 0);
        }

        void fire(String name, int s1x1, int e1x1, int e3x3) {
            int in = channels;
            long params = LayerSpec.convParams(in, s1x1, 1)
                    + (e1x1 > 0 ? LayerSpec.convParams(s1x1, e1x1, 1) : 0)
                    + (e3x3 > 0 ? LayerSpec.convParams(s1x1, e3x3, 3) : 0);
            channels = e1x1 + e3x3;
            rows.add(new LayerSpec(name, LayerSpec.Kind.fire, in, channels, null, null, null, s1x1, e1x1, e3x3, params,
                    height, width));
        }

        /** A shortcut from the Fire module's input to its output; a 1x1 convolution when channels may differ. */
        void bypass(String name, int in, boolean convolution) {
            if (convolution) {
                rows.add(new LayerSpec(name, LayerSpec.Kind.bypass_conv, in, channels, 1, 1, 0, null, null, null,
                        LayerSpec.convParams(in, channels, 1), height, width));
            } else {
                add(name, LayerSpec.Kind.bypass_identity, in, null, null, null, 0);
            }
        }

        void globalAvgPool(String name) {
            height = 1;
            width = 1;
            add(name, LayerSpec.Kind.global_avgpool, channels, null, null, null, 0);
        }

        void add(String name, LayerSpec.Kind kind, int in, Integer kernel, Integer stride, Integer padding, long params) {
            rows.add(new LayerSpec(name, kind, in, channels, kernel, stride, padding, null, null, null, params, height, width));
        }

        private void requireWindow(String name, int kernel, int padding) {
            if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
                throw new InvalidDesignException("input", "input " + input + " is too small: the feature map before "
                        + name + " is " + height + "x" + width + ", smaller than its " + kernel + "x" + kernel
                        + " window (use a larger input or the small stem)");
            }
        }

        /** PyTorch's ceil-mode rule: the last window must start inside the input. */
        private static int ceilPool(int size) {
            int out = Math.floorDiv(size - POOL_KERNEL + POOL_STRIDE - 1, POOL_STRIDE) + 1;
            if ((out - 1) * POOL_STRIDE >= size) {
                out--;
            }
            return out;
        }
    }
}
