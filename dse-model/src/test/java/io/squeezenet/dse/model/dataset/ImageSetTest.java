package io.squeezenet.dse.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.InvalidRecipeException;
import io.squeezenet.dse.model.architecture.InputShape;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    /** 100 images: 50 of class 0, 30 of class 1, 20 of class 2; pixel value = image index. */
    static ImageSet unbalanced() {
        int[] labels = new int[100];
        byte[] pixels = new byte[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
            pixels[i] = (byte) i;
        }
        return new ImageSet("toy", 1, 1, 1, 3, pixels, labels);
    }

    @Test
    void subsetsKeepClassProportionsAndDependOnlyOnTheSeed() {
        ImageSet sub = unbalanced().stratifiedSubset(10, 7, "train_subset");
        assertThat(sub.classCounts()).containsExactly(5, 3, 2);
        assertThat(unbalanced().stratifiedSubset(10, 7, "train_subset").pixels()).isEqualTo(sub.pixels());
        assertThat(unbalanced().stratifiedSubset(10, 8, "train_subset").pixels()).isNotEqualTo(sub.pixels());
        assertThat(unbalanced().stratifiedSubset(7, 1, "train_subset").size()).isEqualTo(7);
        assertThat(unbalanced().stratifiedSubset(null, 1, "train_subset").size()).isEqualTo(100);
        assertThatThrownBy(() -> unbalanced().stratifiedSubset(101, 1, "test_subset"))
                .isInstanceOfSatisfying(InvalidRecipeException.class, e -> assertThat(e.field()).isEqualTo("test_subset"))
                .hasMessageContaining("[1, 100]");
    }

    @Test
    void holdOutSplitsWithoutOverlap() {
        Split split = unbalanced().holdOut(20, 3);
        assertThat(split.train().size()).isEqualTo(80);
        assertThat(split.test().classCounts()).containsExactly(10, 6, 4);
        java.util.Set<Byte> seen = new java.util.HashSet<>();
        for (byte b : split.train().pixels()) {
            seen.add(b);
        }
        for (byte b : split.test().pixels()) {
            assertThat(seen.add(b)).isTrue();
        }
    }

    @Test
    void refusesLabelsOutsideTheClassesAndMismatchedSizes() {
        assertThatThrownBy(() -> new ImageSet("x", 1, 1, 1, 2, new byte[1], new int[] {2})).hasMessageContaining("label 2");
        assertThatThrownBy(() -> new ImageSet("x", 1, 2, 2, 2, new byte[3], new int[] {0})).hasMessageContaining("1 labels but 3 bytes");
    }

    @Test
    void preprocessingPadsNormalizesAndResizes() {
        Split fashion = IdxFiles.fashionMnist(null);
        ImageSet train = fashion.train().stratifiedSubset(1000, 1, "train_subset");
        Preprocessing.Normalization norm = Preprocessing.Normalization.of(train);
        assertThat(norm.mean()[0]).isBetween(0.25f, 0.35f);  // Fashion-MNIST's known mean is 0.286
        float[] x = Preprocessing.toInput(train, new InputShape(1, 32, 32), norm);
        assertThat(x).hasSize(1000 * 32 * 32);
        // the two-pixel border is padding: black, i.e. -mean/std after normalization
        assertThat(x[0]).isCloseTo(-norm.mean()[0] / norm.std()[0], within(1e-5f));
        float[] three = Preprocessing.toInput(train, new InputShape(3, 16, 16), norm);
        assertThat(three).hasSize(1000 * 3 * 16 * 16);
        assertThat(three[5]).isEqualTo(three[16 * 16 + 5]);
        assertThatThrownBy(() -> Preprocessing.toInput(SyntheticImages.generate(new InputShape(3, 8, 8), 2, 4, 2).train(),
                new InputShape(2, 8, 8), norm)).hasMessageContaining("has 2 channels");
    }

    @Test
    void syntheticImagesAreTheSameEveryTime() {
        Split a = SyntheticImages.generate(new InputShape(3, 16, 16), 4, 40, 8);
        Split b = SyntheticImages.generate(new InputShape(3, 16, 16), 4, 40, 8);
        assertThat(a.train().pixels()).isEqualTo(b.train().pixels());
        assertThat(a.train().classCounts()).containsExactly(10, 10, 10, 10);
        assertThat(a.test().pixels()).isNotEqualTo(java.util.Arrays.copyOf(a.train().pixels(), a.test().pixels().length));
    }
}
