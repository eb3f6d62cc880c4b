package io.squeezenet.dse.model.training;

import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.dataset.Augmentation;
import io.squeezenet.dse.model.dataset.ImageSet;
import io.squeezenet.dse.model.dataset.Preprocessing;
import io.squeezenet.dse.model.dataset.Split;
import java.nio.file.Path;
import java.util.Random;

/**
 * Data staging: a recipe's images, loaded, subset and converted to normalized network input once per trial, then
 * visited each epoch in a seeded order, a chunk of batches at a time (so staging memory is bounded whatever the
 * dataset size).
 *
 * @param trainX the training images as network input (normalized with the training set's own statistics)
 * @param testX  the test images, normalized the same way
 */
record TrainingData(ImageSet train, ImageSet test, Preprocessing.Normalization norm, float[] trainX, float[] testX) {

    /** Batches copied to the engine at once: bounds the staging memory whatever the dataset size. */
    static final int BATCHES_PER_CHUNK = 32;

    /** The recipe's dataset with its stratified, seeded subsets; {@code testImages} caps the test split when set. */
    static Split load(TrainingRecipe recipe, Integer testImages) {
        Split full = recipe.dataset().load(recipe.dataDir() == null ? null : Path.of(recipe.dataDir()),
                recipe.inputSize(), recipe.seed());
        Integer testSubset = testImages != null ? Integer.valueOf(Math.min(full.test().size(), testImages))
                : recipe.testSubset();
        return new Split(full.train().stratifiedSubset(recipe.trainSubset(), recipe.seed(), "train_subset"),
                full.test().stratifiedSubset(testSubset, recipe.seed(), "test_subset"));
    }

    /** Converts both splits to network input for {@code input}. */
    static TrainingData stage(Split data, InputShape input) {
        Preprocessing.Normalization norm = Preprocessing.Normalization.of(data.train());
        return new TrainingData(data.train(), data.test(), norm, Preprocessing.toInput(data.train(), input, norm),
                Preprocessing.toInput(data.test(), input, norm));
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Reusable host buffers for one chunk of shuffled (and optionally augmented) training images. */
    static final class Chunk {
        final int capacity;
        final int imageFloats;
        final float[] images;
        final float[] labels;
        final InputShape input;
        /** Each channel's value for black after normalization: what augmentation shifts in at the borders. */
        final float[] black;

        Chunk(InputShape input, int capacity, Preprocessing.Normalization norm) {
            this.input = input;
            this.black = new float[input.channels()];
            for (int c = 0; c < black.length; c++) {
                int n = norm.mean().length == 1 ? 0 : c;
                black[c] = -norm.mean()[n] / norm.std()[n];
            }
            this.capacity = capacity;
            this.imageFloats = input.channels() * input.height() * input.width();
            this.images = new float[capacity * imageFloats];
            this.labels = new float[capacity];
        }

        void fill(float[] x, int[] y, int[] permutation, int from, int count, Random augment) {
            for (int i = 0; i < count; i++) {
                int source = permutation[from + i];
                labels[i] = y[source];
                if (augment == null) {
                    System.arraycopy(x, source * imageFloats, images, i * imageFloats, imageFloats);
                } else {
                    Augmentation.cropAndFlip(x, source * imageFloats, images, i * imageFloats, input, black, augment);
                }
            }
        }
    }
}
