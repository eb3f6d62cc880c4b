package io.squeezenet.dse.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRealFashionMnistFromDebiansPackage() {
        Split split = IdxFiles.fashionMnist(null);
        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(10_000);
        assertThat(split.train().height()).isEqualTo(28);
        assertThat(split.train().classCounts()).containsOnly(6000);
        assertThat(split.test().classCounts()).containsOnly(1000);
        // real images: not blank, and the classes differ in mean brightness (trousers are darker than pullovers)
        assertThat(mean(split.train(), 1)).isNotEqualTo(mean(split.train(), 2));
    }

    private static double mean(ImageSet set, int label) {
        long sum = 0;
        long count = 0;
        for (int i = 0; i < set.size(); i++) {
            if (set.labels()[i] == label) {
                for (int p = 0; p < set.imageBytes(); p++) {
                    sum += set.pixels()[i * set.imageBytes() + p] & 0xff;
                }
                count += set.imageBytes();
            }
        }
        return (double) sum / count;
    }

    @Test
    void parsesSmallFilesInTheExactFormat() throws IOException {
        writeSplit("train", 3, 2, 2, new int[] {0, 9, 4});
        writeSplit("t10k", 1, 2, 2, new int[] {7});
        Split split = IdxFiles.fashionMnist(dir);
        assertThat(split.train().labels()).containsExactly(0, 9, 4);
        assertThat(split.train().pixels()).hasSize(12);
        assertThat(split.train().pixels()[5] & 0xff).isEqualTo(5);
        assertThat(split.test().labels()).containsExactly(7);
    }

    @Test
    void namesTheFileThatIsTruncatedCorruptMissingOrMismatched() throws IOException {
        writeSplit("train", 3, 2, 2, new int[] {0, 1, 2});
        writeSplit("t10k", 1, 2, 2, new int[] {7});
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] full = gunzip(images);
        gzip(images, Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString()).hasMessageContaining("truncated");

        Files.write(images, new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir)).hasMessageContaining(images.toString())
                .hasMessageContaining("corrupt gzip");

        writeSplit("train", 3, 2, 2, new int[] {0, 1, 2});
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {0, 1});
        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir)).hasMessageContaining("3 images but train-labels-idx1-ubyte.gz has 2 labels");

        gzip(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0, 0, 8, 3, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir)).hasMessageContaining("not an IDX label file");

        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        writeSplit("train", 3, 2, 2, new int[] {0, 1, 2});
        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir)).hasMessageContaining("t10k-images-idx3-ubyte.gz: missing");

        assertThatThrownBy(() -> IdxFiles.fashionMnist(dir.resolve("nowhere")))
                .hasMessageContaining("nowhere: no such directory").hasMessageContaining("dataset-fashion-mnist");
    }

    private void writeSplit(String prefix, int count, int rows, int cols, int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFiles.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            out.writeByte(i);
        }
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), bytes.toByteArray());
        writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
    }

    private static void writeLabels(Path file, int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFiles.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        gzip(file, bytes.toByteArray());
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
