package io.squeezenet.dse.model.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** The datasets a trial can train on, with the input size each is trained at unless the recipe says otherwise. */
public enum DatasetKind {
    /** 28x28 grey images centre-padded to 32x32 (the small stem's size). */
    FASHION_MNIST("fashion-mnist", new InputShape(1, 32, 32), 60_000, 10_000),
    CIFAR10("cifar10", new InputShape(3, 32, 32), 50_000, 10_000),
    CIFAR100("cifar100", new InputShape(3, 32, 32), 50_000, 10_000),
    FOLDER("folder", new InputShape(3, 64, 64), 0, 0),
    SYNTHETIC("synthetic", new InputShape(3, 32, 32), SyntheticImages.DEFAULT_TRAIN, SyntheticImages.DEFAULT_TEST);

    private final String label;
    private final InputShape defaultInput;
    private final int trainImages;
    private final int testImages;

    DatasetKind(String label, InputShape defaultInput, int trainImages, int testImages) {
        this.label = label;
        this.defaultInput = defaultInput;
        this.trainImages = trainImages;
        this.testImages = testImages;
    }

    /** The training split's size where it is fixed (the published splits; synthetic's generator), else empty. */
    public OptionalInt trainImages() {
        return trainImages > 0 ? OptionalInt.of(trainImages) : OptionalInt.empty();
    }

    /** The test split's size where it is fixed, else empty (a folder's depends on its files). */
    public OptionalInt testImages() {
        return testImages > 0 ? OptionalInt.of(testImages) : OptionalInt.empty();
    }

    @JsonValue
    public String label() {
        return label;
    }

    public InputShape defaultInput() {
        return defaultInput;
    }

    /** Classes of the dataset, known without reading it; for a folder, its class subfolders. */
    public int classes(Path dataDir) {
        return switch (this) {
            case FASHION_MNIST -> IdxFiles.FASHION_MNIST_CLASSES;
            case CIFAR10 -> Cifar.CIFAR10.classes();
            case CIFAR100 -> Cifar.CIFAR100.classes();
            case SYNTHETIC -> SyntheticImages.DEFAULT_CLASSES;
            case FOLDER -> ImageFolder.classNames(java.nio.file.Files.isDirectory(dataDir.resolve("train"))
                    ? dataDir.resolve("train") : dataDir).size();
        };
    }

    /**
     * Refuses, without reading it, a directory that cannot hold this dataset: a folder needs class subfolders, CIFAR
     * its unpacked batches or the archive, Fashion-MNIST its four IDX files. Run when a request names the directory,
     * so a sweep is not accepted that would fail on every worker.
     */
    public void requireIn(Path dir) {
        List<String> any = switch (this) {
            case FOLDER -> {
                classes(dir);
                yield List.of();
            }
            case CIFAR10 -> List.of(Cifar.CIFAR10.directory(), Cifar.CIFAR10.archive());
            case CIFAR100 -> List.of(Cifar.CIFAR100.directory(), Cifar.CIFAR100.archive());
            case FASHION_MNIST -> {
                List<String> idx = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
                List<String> missing = idx.stream().filter(f -> !java.nio.file.Files.isRegularFile(dir.resolve(f))).toList();
                if (!missing.isEmpty()) {
                    throw new DatasetException(dir, "holds no complete fashion-mnist: missing " + String.join(", ", missing));
                }
                yield List.of();
            }
            case SYNTHETIC -> throw new DatasetException(dir, "the synthetic dataset is generated, not read from a directory");
        };
        if (!any.isEmpty() && any.stream().noneMatch(name -> java.nio.file.Files.exists(dir.resolve(name)))) {
            throw new DatasetException(dir, "holds no " + label + " data: expected " + String.join(" or ", any));
        }
    }

    @JsonCreator
    public static DatasetKind parse(String text) {
        return Labels.parse(values(), DatasetKind::label, text, "dataset");
    }

    /**
     * Reads the splits. {@code dataDir}: Fashion-MNIST's IDX folder (default: Debian's), the CIFAR cache (default
     * ~/.cache/squeezenet-dse), or the image folder (required).
     */
    public Split load(Path dataDir, InputShape input, long seed) {
        return switch (this) {
            case FASHION_MNIST -> IdxFiles.fashionMnist(dataDir);
            case CIFAR10 -> Cifar.CIFAR10.load(dataDir);
            case CIFAR100 -> Cifar.CIFAR100.load(dataDir);
            case FOLDER -> ImageFolder.load(dataDir, input, seed);
            case SYNTHETIC -> SyntheticImages.generate(input, SyntheticImages.DEFAULT_CLASSES,
                    SyntheticImages.DEFAULT_TRAIN, SyntheticImages.DEFAULT_TEST);
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
