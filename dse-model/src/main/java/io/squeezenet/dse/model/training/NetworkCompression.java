package io.squeezenet.dse.model.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.compression.CompressedNetwork;
import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.compression.CompressionResult;
import io.squeezenet.dse.model.compression.CompressionSpec;
import io.squeezenet.dse.model.compression.DeepCompression;
import io.squeezenet.dse.model.compression.DeepCompressor;
import io.squeezenet.dse.model.compression.Int8Quantizer;
import io.squeezenet.dse.model.compression.LayerCode;
import io.squeezenet.dse.model.compression.LayerWeights;
import io.squeezenet.dse.model.dataset.Split;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Compresses a trained network and measures what it costs: the convolutions' weights go through the compressor, the
 * decoded weights replace them in the network, batch norm's statistics are measured again, and the test split is
 * evaluated; then, when asked, the network is
 * retrained for a few epochs with every update projected back onto the compressed form (pruned weights stay zero,
 * shared weights move together: Deep Compression's fine-tune), compressed again and evaluated again.
 */
public final class NetworkCompression {

    private NetworkCompression() {
    }

    /** The measurement and the compressed file it measured. */
    public record Outcome(CompressionResult result, byte[] file) {
    }

    /** One convolution of the DJL network, by its layer-table name (the names the compressed file carries). */
    record Convolution(String name, Parameter weight, Parameter bias) {
    }

    /**
     * Compresses the network in {@code weights} as {@code spec} says, on the test split of {@code data}; the file is
     * loaded afresh so several compressions of one network never see each other's changes. {@code before} is the
     * trained network's accuracy when the caller has it (a trial's result), else null to measure it. {@code saveAs},
     * when not null, receives the network as measured (decoded weights, batch norm's statistics, the fine-tune) in
     * the weights format, so {@code dse eval} on it reproduces the reported top-1.
     */
    public static Outcome run(Path weights, CompressionSpec spec, Split data, TrainingRecipe recipe, Placement placement,
                              int batchSize, Evaluation.TopK before, TrainingProgress progress, BooleanSupplier cancelled,
                              Path saveAs) {
        try (TrainedNetwork network = TrainedNetwork.load(weights, placement.device())) {
            return run(network, spec, data, recipe, placement, batchSize, before, progress, cancelled, saveAs);
        }
    }

    /** The same on a network the caller loaded and closes; it is changed: compressed (and fine-tuned). */
    public static Outcome run(TrainedNetwork network, CompressionSpec spec, Split data, TrainingRecipe recipe,
                              Placement placement, int batchSize, Evaluation.TopK before, TrainingProgress progress,
                              BooleanSupplier cancelled, Path saveAs) {
        Evaluation.TopK dense = before != null ? before
                : network.evaluate(data, batchSize, placement.threads(), cancelled);
        List<Convolution> convolutions = convolutions(network);
        List<LayerWeights> layers = convolutions.stream().map(NetworkCompression::read).toList();
        CompressedNetwork compressed = compress(layers, spec);
        TrainingData staged = network.stage(data);
        write(convolutions, compressed.decoded());
        recalibrate(network, staged, cancelled);
        Evaluation.TopK right = network.evaluate(data, batchSize, placement.threads(), cancelled);
        Evaluation.TopK tuned = null;
        if (spec.finetuneEpochs() > 0) {
            finetune(network, convolutions, compressed.layers(), staged, recipe.forFinetune(spec.finetuneEpochs()),
                    progress, cancelled);
            // what the file holds after the fine-tune is what is measured
            compressed = compress(convolutions.stream().map(NetworkCompression::read).toList(), spec);
            write(convolutions, compressed.decoded());
            recalibrate(network, staged, cancelled);
            tuned = network.evaluate(data, batchSize, placement.threads(), cancelled);
        }
        Architecture architecture = network.architecture();
        CompressionResult result = new CompressionResult(spec, compressed.weights(), compressed.nonzeroWeights(),
                compressed.paddingEntries(), architecture.sizeBytes(), compressed.compressedBytes(),
                estimatedBytes(architecture, spec), normBytes(network), dense.top1(), dense.top5(),
                right.top1(), right.top5(), tuned == null ? null : tuned.top1(), tuned == null ? null : tuned.top5(),
                right.images());
        if (saveAs != null) {
            network.save(saveAs);
        }
        return new Outcome(result, compressed.file());
    }

    static CompressedNetwork compress(List<LayerWeights> layers, CompressionSpec spec) {
        return spec.method() == CompressionMethod.INT8 ? Int8Quantizer.compress(layers)
                : DeepCompressor.compress(layers, spec.deepSettings());
    }

    /**
     * The estimate of the same storage from the layer table alone: Deep Compression's (conv1 at its own density, no
     * Huffman), or one byte per weight and four per bias for int8.
     */
    static long estimatedBytes(Architecture architecture, CompressionSpec spec) {
        if (spec.method() == CompressionMethod.INT8) {
            return Int8Quantizer.estimate(architecture);
        }
        var deep = spec.deepSettings();
        return DeepCompression.estimate(architecture, deep.density(), deep.conv1Density(), deep.weightBits(),
                deep.indexBits()).sizeBytes();
    }

    /** Retrains with the recipe's optimizer, holding the compressed form after every update. */
    private static void finetune(TrainedNetwork network, List<Convolution> convolutions, List<LayerCode> codes,
                                 TrainingData staged, TrainingRecipe recipe, TrainingProgress progress,
                                 BooleanSupplier cancelled) {
        int batchesPerEpoch = (staged.train().size() + recipe.batchSize() - 1) / recipe.batchSize();
        Tracker rate = StepLoop.learningRateTracker(recipe, batchesPerEpoch);
        Device device = network.model().getNDManager().getDevice();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(StepLoop.optimizer(recipe, rate))
                .optDevices(new Device[] {device});
        Random order = new Random(recipe.seed());
        // parameters read from a file come without autograd's flag, which training needs
        network.network().getParameters().values().stream().filter(Parameter::requiresGradient)
                .forEach(p -> p.getArray().setRequiresGradient(true));
        try (Trainer trainer = network.model().newTrainer(config)) {
            // the loaded parameters are the starting point: no initialize, which would draw new ones
            for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                StepLoop.trainEpoch(trainer, recipe, staged, order, epoch, progress, cancelled,
                        () -> project(convolutions, codes));
            }
        }
    }

    /**
     * Batch norm's running statistics measured again on training images, no parameter learned: compression shifts
     * what each convolution outputs, and statistics of the dense network would mis-normalize it (at 33% density this
     * alone takes a Fashion-MNIST network from chance to most of its accuracy). A no-op for the paper's network,
     * which has no batch norm. DJL's running averages keep 10% of each batch, so 64 batches leave 0.1% of the old.
     */
    static void recalibrate(TrainedNetwork network, TrainingData staged, BooleanSupplier cancelled) {
        List<BatchNorm> norms = new ArrayList<>();
        collectNorms(network.network(), norms);
        if (norms.isEmpty()) {
            return;
        }
        var input = network.recipe().inputSize();
        int imageFloats = input.channels() * input.height() * input.width();
        int batch = network.recipe().batchSize();
        int images = Math.min(staged.train().size(), RECALIBRATION_BATCHES * batch);
        ParameterStore parameters = new ParameterStore(network.model().getNDManager(), false);
        for (int start = 0; start < images; start += batch) {
            if (cancelled.getAsBoolean()) {
                throw new TrainingCancelledException("cancelled while measuring batch norm's statistics");
            }
            int count = Math.min(batch, images - start);
            try (NDManager manager = network.model().getNDManager().newSubManager()) {
                NDArray x = manager.create(FloatBuffer.wrap(staged.trainX(), start * imageFloats, count * imageFloats),
                        new Shape(count, input.channels(), input.height(), input.width()));
                // training mode updates the running statistics; without a gradient collector nothing is learned
                network.network().forward(parameters, new NDList(x), true);
            }
        }
    }

    static final int RECALIBRATION_BATCHES = 64;

    /** Every convolution's weights onto its code: pruned ones back to zero, shared ones to their cluster's mean. */
    private static void project(List<Convolution> convolutions, List<LayerCode> codes) {
        for (int i = 0; i < convolutions.size(); i++) {
            NDArray w = convolutions.get(i).weight().getArray();
            overwrite(w, codes.get(i).project(w.toFloatArray()));
        }
    }

    /**
     * New values into a parameter's own tensor, in place, so optimizer state and gradients stay attached: an indexed
     * copy with autograd off (as torch.no_grad() does; a trainable leaf cannot be written in place otherwise, and
     * whether grad mode is on depends on what the thread ran before). {@code NDArray.set(Buffer)} would also do, but
     * makes libtorch print a deprecation warning on the terminal.
     */
    private static void overwrite(NDArray target, float[] values) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex("..."), source);
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static LayerWeights read(Convolution c) {
        NDArray w = c.weight().getArray();
        float[] bias = c.bias() == null ? new float[0] : c.bias().getArray().toFloatArray();
        return new LayerWeights(c.name(), w.getShape().getShape(), w.toFloatArray(), bias);
    }

    private static void write(List<Convolution> convolutions, List<LayerWeights> decoded) {
        for (int i = 0; i < convolutions.size(); i++) {
            Convolution c = convolutions.get(i);
            LayerWeights d = decoded.get(i);
            overwrite(c.weight().getArray(), d.weights());
            if (c.bias() != null) {
                overwrite(c.bias().getArray(), d.bias());
            }
        }
    }

    /**
     * The network's convolutions in layer-table order, named as the table names them ({@code conv1},
     * {@code fire2/squeeze1x1}, {@code fire2/expand1x1}, {@code fire2/expand3x3}, {@code bypass3}, {@code conv10}):
     * the DJL block is built row by row from the table, so a depth-first walk meets them in this order.
     */
    static List<Convolution> convolutions(TrainedNetwork network) {
        List<DeepCompression.Conv> table = DeepCompression.convolutions(network.architecture());
        List<Conv2d> found = new ArrayList<>();
        collect(network.network(), found);
        if (found.size() != table.size()) {
            throw new IllegalStateException("the network has " + found.size() + " convolutions, its layer table "
                    + table.size());
        }
        List<Convolution> convolutions = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Parameter weight = null;
            Parameter bias = null;
            for (var p : found.get(i).getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    weight = p.getValue();
                } else if (p.getValue().getType() == Parameter.Type.BIAS) {
                    bias = p.getValue();
                }
            }
            // a block built differently from its row would be compressed under another layer's name: refuse
            if (weight == null || weight.getArray().size() != table.get(i).weights()) {
                throw new IllegalStateException("convolution " + i + " of the network does not have the "
                        + table.get(i).weights() + " weights of " + table.get(i).name());
            }
            convolutions.add(new Convolution(table.get(i).name(), weight, bias));
        }
        return convolutions;
    }

    private static void collect(Block block, List<Conv2d> found) {
        if (block instanceof Conv2d conv) {
            found.add(conv);
            return;
        }
        block.getChildren().values().forEach(child -> collect(child, found));
    }

    /** Batch norm's learned scales and shifts and its running statistics, at 4 bytes each. */
    private static long normBytes(TrainedNetwork network) {
        List<BatchNorm> norms = new ArrayList<>();
        collectNorms(network.network(), norms);
        return norms.stream().flatMap(n -> n.getParameters().values().stream())
                .mapToLong(p -> p.getArray().size() * 4).sum();
    }

    private static void collectNorms(Block block, List<BatchNorm> found) {
        if (block instanceof BatchNorm norm) {
            found.add(norm);
        }
        block.getChildren().values().forEach(child -> collectNorms(child, found));
    }
}
