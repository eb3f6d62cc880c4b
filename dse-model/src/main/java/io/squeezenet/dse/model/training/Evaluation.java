package io.squeezenet.dse.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.dataset.ImageSet;
import java.nio.FloatBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Evaluation: top-1 and top-5 accuracy of the network on the staged test images, in chunks of batches. */
public final class Evaluation {

    static final int TOP_K = 5;

    private Evaluation() {
    }

    /** Accuracy on {@code images} test images, as fractions. */
    public record TopK(@JsonProperty("top1") double top1, @JsonProperty("top5") double top5,
                       @JsonProperty("test_images") int images) {
    }

    /** Top-1 and top-5 accuracy on the test images, dropout off: {@code forward} is the network in inference mode. */
    static TopK topK(NDManager manager, UnaryOperator<NDList> forward, ImageSet test, float[] x, InputShape input,
                     int batch, BooleanSupplier cancelled) {
        int n = test.size();
        int imageFloats = input.channels() * input.height() * input.width();
        int k = Math.min(TOP_K, test.classes());
        long top1 = 0;
        long topK = 0;
        int chunk = batch * TrainingData.BATCHES_PER_CHUNK;
        for (int chunkStart = 0; chunkStart < n; chunkStart += chunk) {
            int count = Math.min(chunk, n - chunkStart);
            try (NDManager chunkManager = manager.newSubManager()) {
                NDArray images = chunkManager.create(FloatBuffer.wrap(x, chunkStart * imageFloats, count * imageFloats),
                        new Shape(count, input.channels(), input.height(), input.width()));
                long[] labelValues = new long[count];
                for (int i = 0; i < count; i++) {
                    labelValues[i] = test.labels()[chunkStart + i];
                }
                NDArray labels = chunkManager.create(labelValues, new Shape(count, 1));
                for (int b = 0; b < count; b += batch) {
                    if (cancelled.getAsBoolean()) {
                        throw new TrainingCancelledException("cancelled during evaluation");
                    }
                    int end = Math.min(count, b + batch);
                    try (NDManager batchManager = chunkManager.newSubManager()) {
                        NDIndex rows = new NDIndex(b + ":" + end);
                        NDArray scores = forward.apply(new NDList(images.get(batchManager, rows))).singletonOrThrow();
                        NDArray truth = labels.get(batchManager, rows);
                        NDArray ranked = scores.argSort(1, false).get(":, 0:" + k);
                        NDArray hits = ranked.eq(truth);
                        top1 += hits.get(":, 0").toType(DataType.INT64, false).sum().getLong();
                        topK += hits.toType(DataType.INT64, false).sum().getLong();
                    }
                }
            }
        }
        return new TopK((double) top1 / n, (double) topK / n, n);
    }
}
