package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.InvalidRecipeException;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.network.Norm;
import io.squeezenet.dse.model.training.NamedRecipe;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.Schedule;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.util.List;

/**
 * The {@code training} part of a sweep request: one recipe for every trial, run once per seed. Defaults are the
 * trainer's ({@link TrainingRecipe}); {@code seeds} defaults to [42]. Its fields are the recipe's own types, read by
 * their own parsers; it differs from the recipe only where a request does: seeds instead of a seed, a data directory
 * (a folder dataset, or a copy of CIFAR or Fashion-MNIST) named inside the server's datasets directory, and no worker
 * settings (threads, device).
 */
public record TrainingSpec(
        @JsonProperty("dataset") DatasetKind dataset,
        @JsonProperty("train_subset") Integer trainSubset,
        @JsonProperty("test_subset") Integer testSubset,
        @JsonProperty("epochs") Integer epochs,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("optimizer") OptimizerKind optimizer,
        @JsonProperty("learning_rate") Double learningRate,
        @JsonProperty("init") TrainingRecipe.Initialization init,
        @JsonProperty("stem") Stem stem,
        @JsonProperty("input_size") InputShape inputSize,
        @JsonProperty("augment") Boolean augment,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("recipe") NamedRecipe recipe,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("warmup_epochs") Double warmupEpochs,
        @JsonProperty("clip_grad_norm") Double clipGradNorm,
        @JsonProperty("weight_decay") Double weightDecay,
        @JsonProperty("norm") Norm norm) {

    public static final int MAX_SEEDS = 100;

    /** The recipe of every trial, with seed 0 as a placeholder; validated field by field. */
    TrainingRecipe recipe(String resolvedDataDir) {
        if (dataset == null) {
            throw new InvalidRecipeException("training.dataset", "is required: one of [fashion-mnist, cifar10, cifar100, folder, synthetic]");
        }
        try {
            if (dataDir != null && dataset == DatasetKind.SYNTHETIC) {
                throw new InvalidRecipeException("data_dir", "does not apply to the synthetic dataset, which is generated");
            }
            return TrainingRecipe.builder(dataset).trainSubset(trainSubset).testSubset(testSubset).inputSize(inputSize)
                    .stem(stem).epochs(epochs).batchSize(batchSize).optimizer(optimizer).learningRate(learningRate)
                    .init(init).seed(0L).augment(augment).dataDir(resolvedDataDir).recipe(recipe).schedule(schedule)
                    .warmupEpochs(warmupEpochs).clipGradNorm(clipGradNorm).weightDecay(weightDecay).norm(norm).build();
        } catch (InvalidFieldException e) {
            throw new InvalidRecipeException("training." + (e.field().equals("input") ? "input_size" : e.field()), e.rule());
        }
    }

    /** A command line's recipe as a request's training: its seeds, and the data directory as the server will see it. */
    public static TrainingSpec of(TrainingRecipe r, List<Long> seeds, String dataDir) {
        return new TrainingSpec(r.dataset(), r.trainSubset(), r.testSubset(), r.epochs(), r.batchSize(), r.optimizer(),
                r.learningRate(), r.init(), r.stem(), r.inputSize(), r.augment(), seeds, dataDir, r.recipe(), r.schedule(),
                r.warmupEpochs(), r.clipGradNorm(), r.weightDecay(), r.norm());
    }

    /** The preset's budget where this leaves subsets or epochs out. */
    TrainingSpec within(Preset.Budget budget) {
        if (budget == null) {
            return this;
        }
        return new TrainingSpec(dataset, trainSubset != null ? trainSubset : Integer.valueOf(budget.trainSubset()),
                testSubset != null ? testSubset : Integer.valueOf(budget.testSubset()),
                epochs != null ? epochs : Integer.valueOf(budget.epochs()), batchSize, optimizer, learningRate, init, stem,
                inputSize, augment, seeds, dataDir, recipe, schedule, warmupEpochs, clipGradNorm, weightDecay, norm);
    }

    List<Long> seedList() {
        if (seeds == null) {
            return List.of(42L);
        }
        if (seeds.isEmpty() || seeds.size() > MAX_SEEDS) {
            throw new InvalidRecipeException("training.seeds", "must list 1 to " + MAX_SEEDS + " seeds, got " + seeds.size());
        }
        if (seeds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidRecipeException("training.seeds", "must not contain null");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new InvalidRecipeException("training.seeds", "must not repeat a seed: " + seeds);
        }
        return seeds;
    }
}
