package io.squeezenet.dse.model.dataset;

import io.squeezenet.dse.model.InvalidRecipeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Labelled images as read: 8-bit pixels, channels-first (N x C x H x W), so 60k Fashion-MNIST images take 47 MB
 * rather than four times that as floats. Converted to the network's input once, by {@link Preprocessing}.
 */
public record ImageSet(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {

    public ImageSet {
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new DatasetException(name + ": " + labels.length + " labels but " + pixels.length
                    + " bytes of " + channels + "x" + height + "x" + width + " images");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new DatasetException(name + ": label " + label + " outside [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /**
     * {@code n} images drawn per class in proportion to the class sizes (largest remainders get the leftovers),
     * chosen by {@code seed}; {@code null} or the full size returns this set.
     */
    public ImageSet stratifiedSubset(Integer n, long seed, String field) {
        if (n == null || n == size()) {
            return this;
        }
        return select(stratifiedIndices(n, seed, field));
    }

    /** The rest for training and {@code n} stratified images held out for testing. */
    public Split holdOut(int n, long seed) {
        int[] heldOut = stratifiedIndices(n, seed, "test_subset");
        boolean[] out = new boolean[size()];
        for (int i : heldOut) {
            out[i] = true;
        }
        int[] rest = new int[size() - heldOut.length];
        for (int i = 0, k = 0; i < size(); i++) {
            if (!out[i]) {
                rest[k++] = i;
            }
        }
        return new Split(select(rest), select(heldOut));
    }

    int[] stratifiedIndices(int n, long seed, String field) {
        if (n < 1 || n > size()) {
            throw new InvalidRecipeException(field, "must be in [1, " + size() + "] (the images of " + name + "), got " + n);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int taken = 0;
        for (int c = 0; c < classes; c++) {
            Collections.shuffle(byClass.get(c), random);
            double exact = (double) n * byClass.get(c).size() / size();
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            taken += take[c];
        }
        Integer[] order = new Integer[classes];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
        for (int k = 0; taken < n; k++) {
            int c = order[k % classes];
            if (take[c] < byClass.get(c).size()) {
                take[c]++;
                taken++;
            }
        }
        int[] chosen = new int[n];
        int next = 0;
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < take[c]; j++) {
                chosen[next++] = byClass.get(c).get(j);
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }

    ImageSet select(int[] indices) {
        int bytes = imageBytes();
        byte[] out = new byte[indices.length * bytes];
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * bytes, out, k * bytes, bytes);
            outLabels[k] = labels[indices[k]];
        }
        return new ImageSet(name, channels, height, width, classes, out, outLabels);
    }

    /** Images per class, for reports and checks. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
