package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.Placement;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags of {@code dse eval} and {@code dse compress}: a weights file and the test data to evaluate it on. The data
 * flags are {@code dse train}'s; each defaults to what the network was trained with, as recorded in the file, so the
 * same test split comes out unless a flag says otherwise.
 */
public class EvaluationOptions {

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "trained weights: from dse train --save-weights, or GET /api/v1/trials/{id}/weights")
    Path weights;

    @Option(names = "--dataset", paramLabel = "NAME", converter = Converters.ToDataset.class,
            description = "fashion-mnist | cifar10 | cifar100 | folder | synthetic (default: the one it was trained on)")
    DatasetKind dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the dataset's files are (default: as trained)")
    String dataDir;

    @Option(names = "--train-subset", paramLabel = "N", description = "training images, stratified (default: as trained)")
    Integer trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", description = "test images, stratified (default: as trained)")
    Integer testSubset;

    @Option(names = "--seed", paramLabel = "N", description = "the seed that picks the subsets (default: as trained)")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "N", description = "evaluation batch (default: as trained)")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEV", description = "auto (default) | cpu | gpu | gpu:N")
    String device;

    /** The recorded recipe with these flags' overrides. */
    TrainingRecipe recipe(TrainingRecipe trained) {
        boolean sameData = dataset == null || dataset == trained.dataset();
        return trained.toBuilder().dataset(dataset != null ? dataset : trained.dataset())
                .dataDir(dataDir != null ? dataDir : sameData ? trained.dataDir() : null)
                .trainSubset(trainSubset != null ? trainSubset : trained.trainSubset())
                .testSubset(testSubset != null ? testSubset : trained.testSubset())
                .seed(seed != null ? seed : trained.seed()).build();
    }

    /** This machine's threads and device. */
    Placement placement() {
        return Placement.of(threads, device);
    }

    int batchSize(TrainingRecipe trained) {
        if (batchSize != null && (batchSize < 1 || batchSize > TrainingRecipe.MAX_BATCH)) {
            throw new InvalidFieldException("batch_size", "must be an integer in [1, " + TrainingRecipe.MAX_BATCH
                    + "], got " + batchSize);
        }
        return batchSize != null ? batchSize : trained.batchSize();
    }
}
