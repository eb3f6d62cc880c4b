package io.squeezenet.dse.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small files in CIFAR-10's exact binary format (records of a label byte and 3x32x32 bytes, red plane, green, blue;
 * five training batches and a test batch under {@code cifar-10-batches-bin/}) with a signal a network learns in an
 * epoch: each class is a horizontal band of bright rows at its own height, over noise.
 */
public final class CifarFiles {

    private CifarFiles() {
    }

    /** Writes {@code perBatch} images into each of the five training batches and {@code test} into the test batch. */
    public static Path write(Path dir, int perBatch, int test) throws IOException {
        Path root = dir.resolve("cifar-10-batches-bin");
        Files.createDirectories(root);
        Random random = new Random(10);
        for (int b = 1; b <= 5; b++) {
            batch(root.resolve("data_batch_" + b + ".bin"), perBatch, random);
        }
        batch(root.resolve("test_batch.bin"), test, random);
        return dir;
    }

    private static void batch(Path file, int images, Random random) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] record = new byte[1 + 3 * 32 * 32];
            for (int i = 0; i < images; i++) {
                int label = i % 10;
                record[0] = (byte) label;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y++) {
                        boolean band = y / 3 == label;
                        for (int x = 0; x < 32; x++) {
                            int value = (band ? 200 : 40) + random.nextInt(40);
                            record[1 + c * 1024 + y * 32 + x] = (byte) value;
                        }
                    }
                }
                out.write(record);
            }
        }
    }
}
