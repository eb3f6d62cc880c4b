package io.squeezenet.dse.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.architecture.InputShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static final InputShape SHAPE = new InputShape(2, 3, 4);

    /** Pixel value encodes its position: channel * 100 + row * 10 + column. */
    private static float[] image() {
        float[] x = new float[2 * 3 * 4];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x2 = 0; x2 < 4; x2++) {
                    x[c * 12 + y * 4 + x2] = c * 100 + y * 10 + x2;
                }
            }
        }
        return x;
    }

    @Test
    void shiftsInBackgroundAndFlipsHorizontally() {
        float[] out = new float[24];
        Augmentation.shift(image(), 0, out, 0, SHAPE, new float[] {-1, -2}, 1, 0, false);
        assertThat(out[0]).isEqualTo(10);          // row 0 now shows row 1
        assertThat(out[2 * 4]).isEqualTo(-1);      // the last row came from outside
        assertThat(out[12 + 2 * 4 + 3]).isEqualTo(-2);
        Augmentation.shift(image(), 0, out, 0, SHAPE, new float[] {-1, -2}, 0, 0, true);
        assertThat(out[0]).isEqualTo(3);           // mirrored: column 0 shows column 3
        assertThat(out[12 + 4 + 1]).isEqualTo(112);
    }

    /**
     * Every crop is the image translated (and maybe mirrored) as a whole: each pixel is background or the source
     * pixel of its own channel at one offset shared by all pixels; over many draws both flips occur.
     */
    @Test
    void eachCropIsOneTranslationOfTheWholeImageMirroredOrNot() {
        Random random = new Random(5);
        float[] out = new float[24 + 5];
        java.util.Set<Boolean> flips = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            Augmentation.cropAndFlip(image(), 0, out, 5, SHAPE, new float[] {-1, -1}, random);
            java.util.Set<String> offsets = new java.util.HashSet<>();
            java.util.Set<String> mirrored = new java.util.HashSet<>();
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        float v = out[5 + c * 12 + y * 4 + x];
                        if (v == -1) {
                            continue;
                        }
                        int sc = (int) v / 100;
                        int sy = (int) v % 100 / 10;
                        int sx = (int) v % 10;
                        assertThat(sc).as("channel").isEqualTo(c);
                        offsets.add((sy - y) + "," + (sx - x));
                        mirrored.add((sy - y) + "," + (sx + x));
                    }
                }
            }
            assertThat(offsets.size() <= 1 || mirrored.size() <= 1)
                    .as("one shift for the whole crop, draw %d: %s / %s", i, offsets, mirrored).isTrue();
            if (offsets.size() > 1 || mirrored.size() > 1) {
                flips.add(offsets.size() > 1);
            }
        }
        assertThat(flips).as("mirrored and unmirrored crops").containsExactlyInAnyOrder(true, false);
    }
}
