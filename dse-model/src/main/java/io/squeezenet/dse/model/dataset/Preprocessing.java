package io.squeezenet.dse.model.dataset;

import io.squeezenet.dse.model.InvalidRecipeException;
import io.squeezenet.dse.model.architecture.InputShape;

/**
 * Turns 8-bit images into the network's input once: scaled to [0, 1], normalized per channel with the training
 * set's mean and standard deviation, and centre-padded (28 -> 32 for Fashion-MNIST) or bilinearly resized to the
 * input size. A single-channel dataset can feed a three-channel input (the grey plane is repeated).
 */
public final class Preprocessing {

    private Preprocessing() {
    }

    /** Per-channel statistics of a training set, applied unchanged to its test set. */
    public record Normalization(float[] mean, float[] std) {

        public static Normalization of(ImageSet train) {
            int c = train.channels();
            int plane = train.height() * train.width();
            double[] sum = new double[c];
            double[] sumSq = new double[c];
            byte[] px = train.pixels();
            for (int n = 0; n < train.size(); n++) {
                for (int ch = 0; ch < c; ch++) {
                    int base = (n * c + ch) * plane;
                    for (int p = 0; p < plane; p++) {
                        double v = (px[base + p] & 0xff) / 255.0;
                        sum[ch] += v;
                        sumSq[ch] += v * v;
                    }
                }
            }
            float[] mean = new float[c];
            float[] std = new float[c];
            double count = (double) train.size() * plane;
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = (float) (sum[ch] / count);
                std[ch] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sumSq[ch] / count - mean[ch] * mean[ch])));
            }
            return new Normalization(mean, std);
        }
    }

    /** All images of {@code set} as one N x C x H x W float array at {@code input}. */
    public static float[] toInput(ImageSet set, InputShape input, Normalization norm) {
        int c = input.channels();
        if (c != set.channels() && set.channels() != 1) {
            throw new InvalidRecipeException("input", "has " + c + " channels but " + set.name() + " has "
                    + set.channels() + "; use " + set.channels() + "x" + input.height() + "x" + input.width());
        }
        int h = input.height();
        int w = input.width();
        float[] out = new float[Math.multiplyExact(set.size(), c * h * w)];
        float[] plane = new float[h * w];
        for (int n = 0; n < set.size(); n++) {
            for (int ch = 0; ch < c; ch++) {
                int sourceChannel = set.channels() == 1 ? 0 : ch;
                samplePlane(set, n, sourceChannel, h, w, plane);
                float mean = norm.mean()[sourceChannel];
                float std = norm.std()[sourceChannel];
                int base = (n * c + ch) * h * w;
                for (int p = 0; p < plane.length; p++) {
                    out[base + p] = (plane[p] - mean) / std;
                }
            }
        }
        return out;
    }

    /** One channel of one image at H x W in [0, 1]: copied, centre-padded with black, or bilinearly resized. */
    private static void samplePlane(ImageSet set, int n, int channel, int h, int w, float[] plane) {
        int sh = set.height();
        int sw = set.width();
        byte[] px = set.pixels();
        int base = (n * set.channels() + channel) * sh * sw;
        if (h >= sh && w >= sw) {
            java.util.Arrays.fill(plane, 0f);
            int top = (h - sh) / 2;
            int left = (w - sw) / 2;
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    plane[(y + top) * w + x + left] = (px[base + y * sw + x] & 0xff) / 255f;
                }
            }
            return;
        }
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, (y + 0.5f) * sh / h - 0.5f);
            int y0 = Math.min((int) fy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float dy = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0, (x + 0.5f) * sw / w - 0.5f);
                int x0 = Math.min((int) fx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                float dx = fx - x0;
                float top = (px[base + y0 * sw + x0] & 0xff) * (1 - dx) + (px[base + y0 * sw + x1] & 0xff) * dx;
                float bottom = (px[base + y1 * sw + x0] & 0xff) * (1 - dx) + (px[base + y1 * sw + x1] & 0xff) * dx;
                plane[y * w + x] = (top * (1 - dy) + bottom * dy) / 255f;
            }
        }
    }
}
