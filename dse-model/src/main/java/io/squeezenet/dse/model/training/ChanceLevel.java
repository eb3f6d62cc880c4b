package io.squeezenet.dse.model.training;

import io.squeezenet.dse.model.dataset.ImageSet;
import java.util.Locale;

/**
 * What top-1 a network that learned nothing reaches on a test set: the share of its most common class (1/classes on
 * a stratified subset), plus two binomial standard errors of that share at the test set's size, so a small test
 * subset's luck is not taken for learning.
 */
public record ChanceLevel(double share, int testImages) {

    public static final double STANDARD_ERRORS = 2.0;

    public static ChanceLevel of(ImageSet test) {
        if (test.size() == 0) {
            throw new IllegalArgumentException("an empty test set has no chance level");
        }
        int[] counts = new int[test.classes()];
        for (int label : test.labels()) {
            counts[label]++;
        }
        int most = 0;
        for (int c : counts) {
            most = Math.max(most, c);
        }
        return new ChanceLevel((double) most / test.size(), test.size());
    }

    /** The top-1 at or below which a result counts as chance. */
    public double threshold() {
        return share + STANDARD_ERRORS * Math.sqrt(share * (1 - share) / testImages);
    }

    public boolean reachedBy(double top1) {
        return top1 <= threshold();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f + 2 standard errors = %.3f on %d test images", share, threshold(),
                testImages);
    }
}
