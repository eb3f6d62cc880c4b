package io.squeezenet.dse.model.dataset;

import io.squeezenet.dse.model.architecture.InputShape;
import java.util.Random;

/** The CIFAR recipes' augmentation: a random crop of the image padded by 4 pixels, then a horizontal flip half the time. */
public final class Augmentation {

    public static final int PAD = 4;

    private Augmentation() {
    }

    /**
     * Writes one augmented image from {@code source} (normalized, at {@code input}) into {@code target}; pixels
     * shifted in from outside are {@code background[c]} (black after normalization).
     */
    public static void cropAndFlip(float[] source, int sourceOffset, float[] target, int targetOffset, InputShape input,
                                   float[] background, Random random) {
        int dy = random.nextInt(2 * PAD + 1) - PAD;
        int dx = random.nextInt(2 * PAD + 1) - PAD;
        shift(source, sourceOffset, target, targetOffset, input, background, dy, dx, random.nextBoolean());
    }

    static void shift(float[] source, int sourceOffset, float[] target, int targetOffset, InputShape input,
                      float[] background, int dy, int dx, boolean flip) {
        int h = input.height();
        int w = input.width();
        for (int c = 0; c < input.channels(); c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    target[targetOffset + plane + y * w + x] = sy < 0 || sy >= h || sx < 0 || sx >= w
                            ? background[c] : source[sourceOffset + plane + sy * w + sx];
                }
            }
        }
    }
}
