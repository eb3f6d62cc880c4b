package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightSharingTest {

    private static final double[] MEANS = {-1.0, 0.2, 1.5};

    @Test
    void linearInitialisationSpacesCentroidsEvenlyBetweenTheKeptExtremes() {
        float[] w = {-4, 0.5f, 3, 100};
        boolean[] keep = {true, true, true, false};
        WeightSharing.Codebook c = WeightSharing.cluster(w, keep, 2, 0);
        // k = min(2^2, 3 kept) and the pruned 100 plays no part in the range
        assertThat(c.centroids()).containsExactly(-4f, -0.5f, 3f);
        assertThat(c.assignment()).containsExactly(0, 1, 2, -1);
    }

    @Test
    void convergesToTheMeansOfThreeClusters() {
        Random random = new Random(7);
        int perCluster = 3000;
        float[] w = new float[3 * perCluster + 500];
        boolean[] keep = new boolean[w.length];
        int[] truth = new int[w.length];
        for (int i = 0; i < 3 * perCluster; i++) {
            truth[i] = i % 3;
            w[i] = (float) (MEANS[truth[i]] + 0.05 * random.nextGaussian());
            keep[i] = true;
        }
        for (int i = 3 * perCluster; i < w.length; i++) {
            w[i] = 50; // pruned outliers that must not pull any centroid
            truth[i] = -1;
        }
        // 2^2 = 4 centroids for three clusters: the middle one ends up split between two centroids
        WeightSharing.Codebook c = WeightSharing.cluster(w, keep, 2, 30);
        assertThat(c.centroids()).hasSize(4).isSorted();
        assertThat(distanceToNearest(c.centroids(), MEANS[0])).isLessThan(0.005);
        assertThat(distanceToNearest(c.centroids(), MEANS[1])).isLessThan(0.06);
        assertThat(distanceToNearest(c.centroids(), MEANS[2])).isLessThan(0.005);
        double[] sumOfCentroids = new double[3];
        for (int i = 0; i < w.length; i++) {
            if (truth[i] < 0) {
                assertThat(c.assignment()[i]).isEqualTo(-1);
            } else {
                float centroid = c.centroids()[c.assignment()[i]];
                assertThat(distanceToNearest(MEANS, centroid)).isEqualTo(Math.abs(centroid - MEANS[truth[i]]));
                sumOfCentroids[truth[i]] += centroid;
            }
        }
        // no centroid mixes clusters, so each cluster's points average, through their centroids, to its mean
        for (int t = 0; t < 3; t++) {
            assertThat(sumOfCentroids[t] / perCluster).isCloseTo(MEANS[t], within(0.005));
        }
    }

    @Test
    void withAsManyCentroidsAsClustersEachLandsOnAMean() {
        Random random = new Random(8);
        float[] w = new float[4000];
        boolean[] keep = new boolean[w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((i % 2 == 0 ? -0.3 : 0.9) + 0.1 * random.nextGaussian());
            keep[i] = true;
        }
        WeightSharing.Codebook c = WeightSharing.cluster(w, keep, 1, 30);
        assertThat(c.centroids()[0]).isCloseTo(-0.3f, within(0.01f));
        assertThat(c.centroids()[1]).isCloseTo(0.9f, within(0.01f));
        for (int i = 0; i < w.length; i++) {
            assertThat(c.assignment()[i]).isEqualTo(i % 2);
        }
    }

    @Test
    void anEmptyClusterKeepsItsPreviousCentroid() {
        float[] w = {0, 0, 0, 9};
        boolean[] keep = {true, true, true, true};
        WeightSharing.Codebook c = WeightSharing.cluster(w, keep, 2, 30);
        assertThat(c.centroids()).containsExactly(0f, 3f, 6f, 9f);
        assertThat(c.assignment()).containsExactly(0, 0, 0, 3);
    }

    @Test
    void nothingKeptMeansNoCentroids() {
        WeightSharing.Codebook c = WeightSharing.cluster(new float[] {1, 2}, new boolean[2], 4, 30);
        assertThat(c.centroids()).isEmpty();
        assertThat(c.assignment()).containsExactly(-1, -1);
        assertThatThrownBy(() -> WeightSharing.cluster(new float[1], new boolean[1], 17, 30))
                .hasMessageStartingWith("weight_bits:");
    }

    private static double distanceToNearest(float[] points, double x) {
        double best = Double.POSITIVE_INFINITY;
        for (float p : points) {
            best = Math.min(best, Math.abs(p - x));
        }
        return best;
    }

    private static double distanceToNearest(double[] points, double x) {
        double best = Double.POSITIVE_INFINITY;
        for (double p : points) {
            best = Math.min(best, Math.abs(p - x));
        }
        return best;
    }
}
