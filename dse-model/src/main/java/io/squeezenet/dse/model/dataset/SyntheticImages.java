package io.squeezenet.dse.model.dataset;

import io.squeezenet.dse.model.architecture.InputShape;
import java.util.Random;

/**
 * A learnable stand-in for real data, for fast tests of the whole pipeline: each class is a fixed coarse pattern
 * (a 4x4 grid of dark and bright cells per channel, blown up to the image size) and every image is its class's
 * pattern with Gaussian noise. Always the same images: the data does not depend on a trial's seed, only its subset does.
 */
public final class SyntheticImages {

    public static final int DEFAULT_CLASSES = 10;
    public static final int DEFAULT_TRAIN = 2000;
    public static final int DEFAULT_TEST = 500;
    static final int GRID = 4;
    static final int DARK = 40;
    static final int BRIGHT = 215;
    static final double NOISE_SIGMA = 30;
    static final long DATA_SEED = 1602_07360L;

    private SyntheticImages() {
    }

    public static Split generate(InputShape shape, int classes, int trainSize, int testSize) {
        Random random = new Random(DATA_SEED);
        int[][] templates = new int[classes][shape.channels() * GRID * GRID];
        for (int[] t : templates) {
            for (int i = 0; i < t.length; i++) {
                t[i] = random.nextBoolean() ? BRIGHT : DARK;
            }
        }
        return new Split(images("synthetic train", shape, templates, trainSize, new Random(DATA_SEED + 1)),
                images("synthetic test", shape, templates, testSize, new Random(DATA_SEED + 2)));
    }

    private static ImageSet images(String name, InputShape shape, int[][] templates, int count, Random random) {
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        byte[] pixels = new byte[count * c * h * w];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int label = n % templates.length;
            labels[n] = label;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int cell = ch * GRID * GRID + (y * GRID / h) * GRID + (x * GRID / w);
                        int value = (int) Math.round(templates[label][cell] + random.nextGaussian() * NOISE_SIGMA);
                        pixels[((n * c + ch) * h + y) * w + x] = (byte) Math.max(0, Math.min(255, value));
                    }
                }
            }
        }
        return new ImageSet(name, c, h, w, templates.length, pixels, labels);
    }
}
