package io.squeezenet.dse.model.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST's four gzipped IDX files (the MNIST format: big-endian magic 0x00000803 for images,
 * 0x00000801 for labels, then the dimensions, then unsigned bytes).
 */
public final class IdxFiles {

    /** Where Debian's {@code dataset-fashion-mnist} package installs them. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    static final int FASHION_MNIST_CLASSES = 10;

    private IdxFiles() {
    }

    public static Split fashionMnist(Path dir) {
        Path root = requireFashionMnist(dir);
        return new Split(read(root, "train", "fashion-mnist train"), read(root, "t10k", "fashion-mnist test"));
    }

    /** The folder of the four files (null: Debian's), refused at once when it is missing. */
    public static Path requireFashionMnist(Path dir) {
        Path root = dir == null ? DEBIAN_FASHION_MNIST : dir;
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "no such directory; install Fashion-MNIST with"
                    + " `apt-get install dataset-fashion-mnist` (scripts/install-deps.sh) or pass --data-dir");
        }
        return root;
    }

    static ImageSet read(Path dir, String prefix, String name) {
        Path imageFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        int[] labels = readLabels(labelFile);
        try (DataInputStream in = open(imageFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(imageFile, String.format("not an IDX image file (magic 0x%08x, expected 0x%08x)", magic, IMAGES_MAGIC));
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count != labels.length) {
                throw new DatasetException(imageFile, count + " images but " + labelFile.getFileName() + " has " + labels.length + " labels");
            }
            if (rows < 1 || cols < 1 || rows > 4096 || cols > 4096) {
                throw new DatasetException(imageFile, "implausible image size " + rows + "x" + cols);
            }
            byte[] pixels = new byte[Math.multiplyExact(count, rows * cols)];
            in.readFully(pixels);
            return new ImageSet(name, 1, rows, cols, FASHION_MNIST_CLASSES, pixels, labels);
        } catch (EOFException e) {
            throw new DatasetException(imageFile, "truncated: the file ends before the images its header announces", e);
        } catch (IOException e) {
            throw unreadable(imageFile, e);
        }
    }

    static int[] readLabels(Path labelFile) {
        try (DataInputStream in = open(labelFile)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(labelFile, String.format("not an IDX label file (magic 0x%08x, expected 0x%08x)", magic, LABELS_MAGIC));
            }
            int count = in.readInt();
            if (count < 0) {
                throw new DatasetException(labelFile, "negative label count " + count);
            }
            byte[] raw = new byte[count];
            in.readFully(raw);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] >= FASHION_MNIST_CLASSES) {
                    throw new DatasetException(labelFile, "label " + labels[i] + " at index " + i + " is not a Fashion-MNIST class (0-9)");
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new DatasetException(labelFile, "truncated: the file ends before the labels its header announces", e);
        } catch (IOException e) {
            throw unreadable(labelFile, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static DatasetException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file, "missing", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new DatasetException(file, "unreadable (" + e.getMessage() + ")", e);
    }
}
