package io.squeezenet.dse.model.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.Preprocessing;
import io.squeezenet.dse.model.dataset.Split;
import io.squeezenet.dse.model.network.SqueezeNetBlock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained network as a file anyone can evaluate: DJL's {@code .params} format (what {@code Model.save} writes), with
 * the design, the recipe and the input normalization it was trained with among the model's properties, so the
 * network is rebuilt from the file alone and sees its test images exactly as in training.
 */
public final class TrainedNetwork implements AutoCloseable {

    /** The field (flag) a bad weights file is reported under. */
    static final String WEIGHTS = "weights";
    static final String METAPARAMETERS = "dse.metaparameters";
    static final String RECIPE = "dse.recipe";
    static final String CLASSES = "dse.classes";
    static final String NORMALIZATION = "dse.normalization";
    /** {@code ai.djl.BaseModel}'s format version, the only one it reads. */
    private static final int DJL_MODEL_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Model model;
    private final SequentialBlock network;
    private final Metaparameters metaparameters;
    private final TrainingRecipe recipe;
    private final Architecture architecture;
    private final Preprocessing.Normalization normalization;

    private TrainedNetwork(Model model, SequentialBlock network, Metaparameters metaparameters, TrainingRecipe recipe,
                           Architecture architecture, Preprocessing.Normalization normalization) {
        this.model = model;
        this.network = network;
        this.metaparameters = metaparameters;
        this.recipe = recipe;
        this.architecture = architecture;
        this.normalization = normalization;
    }

    /** Writes a model just trained to {@code file}, with what it takes to rebuild and evaluate it. */
    static void save(Model model, Metaparameters m, TrainingRecipe recipe, int classes,
                     Preprocessing.Normalization normalization, Path file) {
        model.setProperty(METAPARAMETERS, JSON.writeValueAsString(m));
        model.setProperty(RECIPE, JSON.writeValueAsString(recipe));
        model.setProperty(CLASSES, Integer.toString(classes));
        model.setProperty(NORMALIZATION, JSON.writeValueAsString(normalization));
        model.setProperty("Epoch", Integer.toString(recipe.epochs()));
        try {
            Path dir = Files.createTempDirectory(file.toAbsolutePath().getParent(), ".weights");
            try {
                model.save(dir, "squeezenet");
                try (var written = Files.list(dir)) {
                    Path params = written.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
                    Files.move(params, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                try (var left = Files.list(dir)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the trained weights to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rebuilds the network a weights file describes, on {@code device} (null: the best there is). */
    public static TrainedNetwork load(Path file, String device) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, device, file.toString());
        } catch (IOException e) {
            throw new InvalidFieldException(WEIGHTS, "cannot read the weights file " + file + ": " + e.getMessage());
        }
    }

    private static TrainedNetwork load(InputStream raw, String device, String source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        Map<String, String> properties;
        try {
            properties = header(in);
        } catch (EOFException e) {
            throw new InvalidFieldException(WEIGHTS, source + " is cut short: not a complete weights file");
        }
        String[] required = {METAPARAMETERS, RECIPE, CLASSES, NORMALIZATION};
        for (String key : required) {
            if (!properties.containsKey(key)) {
                throw new InvalidFieldException(WEIGHTS, source + " is a DJL parameter file without the design it was trained as (no "
                        + key + "); only weights written by squeezenet-dse can be rebuilt");
            }
        }
        Metaparameters m;
        TrainingRecipe recipe;
        Preprocessing.Normalization normalization;
        Architecture architecture;
        try {
            m = JSON.readValue(properties.get(METAPARAMETERS), Metaparameters.class);
            recipe = JSON.readValue(properties.get(RECIPE), TrainingRecipe.class);
            normalization = JSON.readValue(properties.get(NORMALIZATION), Preprocessing.Normalization.class);
            architecture = Architecture.derive(m, recipe.stem(), recipe.inputSize(), Integer.parseInt(properties.get(CLASSES)));
        } catch (JacksonException | IllegalArgumentException e) {
            // a property edited or damaged: the file describes no network this build can rebuild
            throw new InvalidFieldException(WEIGHTS, source + " describes no network this build can rebuild: "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()));
        }
        Model model = Model.newInstance("squeezenet", Devices.resolve(device), "PyTorch");
        try {
            SequentialBlock network = SqueezeNetBlock.build(architecture, recipe.norm());
            model.setBlock(network);
            InputShape input = recipe.inputSize();
            network.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, input.channels(), input.height(), input.width()));
            network.loadParameters(model.getNDManager(), in);
            properties.forEach(model::setProperty);
            return new TrainedNetwork(model, network, m, recipe, architecture, normalization);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new InvalidFieldException(WEIGHTS, source + " does not hold the parameters of " + m + " (" + e.getMessage() + ")");
        }
    }

    /** {@code ai.djl.BaseModel}'s header, read by hand: the design in its properties decides which block to build. */
    private static Map<String, String> header(DataInputStream in) throws IOException {
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!"DJL@".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new InvalidFieldException(WEIGHTS, "not a DJL parameter file (it does not start with DJL@)");
        }
        int version = in.readInt();
        if (version != DJL_MODEL_VERSION) {
            throw new InvalidFieldException(WEIGHTS, "DJL parameter file version " + version + "; this build reads version "
                    + DJL_MODEL_VERSION);
        }
        in.readUTF();   // the model's name
        in.readUTF();   // its data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            Shape.decode(in);
        }
        int count = in.readInt();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(in.readUTF(), in.readUTF());
        }
        return properties;
    }

    /** Writes the network as it is now (after compression, say) in the same format, design and recipe included. */
    public void save(Path file) {
        save(model, metaparameters, recipe, architecture.numClasses(), normalization, file);
    }

    /**
     * Top-1 and top-5 on the test split of {@code data} (the recipe's dataset and subset, as {@link #dataFor}
     * loads it), with the training's normalization.
     */
    public Evaluation.TopK evaluate(Split data, int batchSize, int threads, BooleanSupplier cancelled) {
        requireClasses(data);
        JniUtils.setNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        InputShape input = recipe.inputSize();
        float[] testX = Preprocessing.toInput(data.test(), input, normalization);
        ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
        return Evaluation.topK(model.getNDManager(), x -> network.forward(parameters, x, false), data.test(), testX,
                input, batchSize, cancelled);
    }

    /** Both splits as network input, normalized as in training (the fine-tune after compression trains on them). */
    TrainingData stage(Split data) {
        requireClasses(data);
        InputShape input = recipe.inputSize();
        return new TrainingData(data.train(), data.test(), normalization,
                Preprocessing.toInput(data.train(), input, normalization), Preprocessing.toInput(data.test(), input, normalization));
    }

    /** Data of another class count would be scored against the wrong outputs: refused by its flag. */
    private void requireClasses(Split data) {
        if (data.test().classes() != architecture.numClasses()) {
            throw new InvalidFieldException("dataset", String.format(java.util.Locale.ROOT, "has %d classes; the network"
                    + " was trained on %s, %d classes", data.test().classes(), recipe.dataset(), architecture.numClasses()));
        }
    }

    /** The test (and training) images the network is evaluated on: the recipe's dataset, subsets and seed. */
    public static Split dataFor(TrainingRecipe recipe) {
        Engine.getEngine("PyTorch");
        return TrainingData.load(recipe, null);
    }

    public Metaparameters metaparameters() {
        return metaparameters;
    }

    /** The recipe it was trained with. */
    public TrainingRecipe recipe() {
        return recipe;
    }

    public Architecture architecture() {
        return architecture;
    }

    public SequentialBlock network() {
        return network;
    }

    public Model model() {
        return model;
    }

    /** The learned weights and biases (not batch norm's statistics), by DJL's parameter path. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        network.getParameters().forEach(p -> all.put(p.getKey(), p.getValue()));
        return all;
    }

    @Override
    public void close() {
        model.close();
    }
}
