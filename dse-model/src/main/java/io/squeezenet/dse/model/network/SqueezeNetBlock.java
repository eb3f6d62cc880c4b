package io.squeezenet.dse.model.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL network for an {@link Architecture}, assembled row by row from its layer table (as torchvision's
 * squeezenet.py does from its list of Fire dimensions), so the trained network and the reported size cannot drift
 * apart. Input NCHW, output (N, classes) logits after conv10 + ReLU + global average pooling.
 */
public final class SqueezeNetBlock {

    public static final float DROPOUT_RATE = 0.5f;

    private SqueezeNetBlock() {
    }

    public static SequentialBlock build(Architecture architecture) {
        return build(architecture, Norm.none);
    }

    /**
     * With {@code Norm.batch}, batch normalization sits between each convolution and its ReLU (and after each
     * complex-bypass 1x1 convolution), except conv10's; with {@code Norm.squeeze}, only after conv1, the squeeze
     * layers and the bypass convolutions, so the wide expand layers cost nothing extra.
     */
    public static SequentialBlock build(Architecture architecture, Norm norm) {
        boolean batchNorm = norm != Norm.none;
        List<Block> blocks = new ArrayList<>();
        LayerSpec classifier = lastConv(architecture.layers());
        for (LayerSpec layer : architecture.layers()) {
            switch (layer.kind()) {
                case conv -> blocks.add(convRelu(layer.outChannels(), layer.kernel(), layer.stride(), layer.padding(),
                        batchNorm && layer != classifier));
                case maxpool -> blocks.add(Pool.maxPool2dBlock(square(layer.kernel()), square(layer.stride()),
                        square(layer.padding()), true));
                case fire -> blocks.add(fire(layer, batchNorm, norm == Norm.batch));
                // a shortcut wraps the Fire module just added: output = fire(x) + shortcut(x)
                case bypass_identity -> blocks.add(residual(blocks.remove(blocks.size() - 1),
                        new LambdaBlock(x -> x, "identity")));
                case bypass_conv -> blocks.add(residual(blocks.remove(blocks.size() - 1),
                        normalized(conv(layer.outChannels(), 1, 1, 0), batchNorm)));
                case dropout -> blocks.add(Dropout.builder().optRate(DROPOUT_RATE).build());
                case global_avgpool -> blocks.add(Pool.globalAvgPool2dBlock());
                default -> throw new IllegalStateException("unknown layer kind " + layer.kind());
            }
        }
        SequentialBlock network = new SequentialBlock();
        network.add(new LambdaBlock(SqueezeNetBlock::channelsLast, "channels_last"));
        network.addAll(blocks);
        return network;
    }

    /** conv10's weights start as Gaussian(0, 0.01), as in the paper's Caffe solver. */
    public static final float CLASSIFIER_INIT_SIGMA = 0.01f;

    /** Caffe's "xavier": uniform +-sqrt(3 / fan_in), the paper's solver. */
    public static final float PAPER_XAVIER_MAGNITUDE = 3f;
    /** PyTorch's kaiming_uniform_ (He): uniform +-sqrt(6 / fan_in), torchvision's SqueezeNet. */
    public static final float HE_MAGNITUDE = 6f;

    /**
     * Uniform +-sqrt(magnitude / fan_in) for every convolution except conv10 (the last one), which starts from
     * Gaussian(0, 0.01) as in both the paper and torchvision; biases start at zero. Call before initializing.
     */
    public static void initializeWeights(SequentialBlock network, float magnitude) {
        network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, magnitude), Parameter.Type.WEIGHT);
        lastConvolution(network).setInitializer(new NormalInitializer(CLASSIFIER_INIT_SIGMA), Parameter.Type.WEIGHT);
    }

    private static Block lastConvolution(Block block) {
        Block last = block instanceof Conv2d ? block : null;
        for (Block child : block.getChildren().values()) {
            Block found = lastConvolution(child);
            if (found != null) {
                last = found;
            }
        }
        return last;
    }

    /** Squeeze 1x1 + ReLU, then expand 1x1 and 3x3 (pad 1) + ReLU side by side, concatenated on channels. */
    static Block fire(LayerSpec layer, boolean squeezeNorm, boolean expandNorm) {
        List<Block> expand = new ArrayList<>(2);
        if (layer.e1x1() > 0) {
            expand.add(convRelu(layer.e1x1(), 1, 1, 0, expandNorm));
        }
        if (layer.e3x3() > 0) {
            expand.add(convRelu(layer.e3x3(), 3, 1, 1, expandNorm));
        }
        Block expandBlock = expand.size() == 1 ? expand.get(0)
                : new ParallelBlock(SqueezeNetBlock::concatChannels, expand);
        return new SequentialBlock()
                .add(convRelu(layer.s1x1(), 1, 1, 0, squeezeNorm))
                .add(expandBlock);
    }

    /**
     * The same N x C x H x W tensor laid out channels-last (NHWC) in memory. libtorch keeps that layout through
     * oneDNN's convolutions, and its channels-last max-pool is vectorized over channels: ~10x faster than the
     * channels-first one, which took a fifth of each training step (bench/README.md).
     */
    static NDList channelsLast(NDList input) {
        NDArray x = input.singletonOrThrow();
        Shape s = x.getShape();
        // reshape(-1) of the permuted view is the one copy that puts the channels innermost
        return new NDList(x.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2));
    }

    private static NDList concatChannels(List<NDList> branches) {
        NDList arrays = new NDList(branches.size());
        branches.forEach(b -> arrays.add(b.singletonOrThrow()));
        return new NDList(NDArrays.concat(arrays, 1));
    }

    private static Block residual(Block fire, Block shortcut) {
        return new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(fire, shortcut));
    }

    private static Block convRelu(int filters, int kernel, int stride, int padding, boolean batchNorm) {
        SequentialBlock block = new SequentialBlock().add(conv(filters, kernel, stride, padding));
        if (batchNorm) {
            block.add(BatchNorm.builder().build());
        }
        return block.add(Activation.reluBlock());
    }

    /** A shortcut's 1x1 convolution, batch-normalized like the Fire module it is added to, so neither swamps the other. */
    private static Block normalized(Block conv, boolean batchNorm) {
        return batchNorm ? new SequentialBlock().add(conv).add(BatchNorm.builder().build()) : conv;
    }

    private static LayerSpec lastConv(List<LayerSpec> layers) {
        LayerSpec last = null;
        for (LayerSpec layer : layers) {
            if (layer.kind() == LayerSpec.Kind.conv) {
                last = layer;
            }
        }
        return last;
    }

    /**
     * Learned parameters batch normalization adds (a scale and a shift per channel it normalizes), reported apart
     * from the paper's exact size; its running mean and variance are statistics, not parameters.
     */
    public static long batchNormParams(Architecture architecture, Norm norm) {
        if (norm == Norm.none) {
            return 0;
        }
        long channels = 0;
        LayerSpec classifier = lastConv(architecture.layers());
        for (LayerSpec layer : architecture.layers()) {
            if ((layer.kind() == LayerSpec.Kind.conv && layer != classifier) || layer.kind() == LayerSpec.Kind.bypass_conv) {
                channels += layer.outChannels();
            } else if (layer.kind() == LayerSpec.Kind.fire) {
                channels += layer.s1x1() + (norm == Norm.batch ? layer.e1x1() + layer.e3x3() : 0);
            }
        }
        return 2 * channels;
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(square(kernel))
                .optStride(square(stride))
                .optPadding(square(padding))
                .build();
    }

    private static Shape square(int size) {
        return new Shape(size, size);
    }
}
