package io.squeezenet.dse.model.compression;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deep Compression (Han, Mao and Dally, 2015) for real, in the storage format {@link DeepCompression} estimates:
 * magnitude pruning, k-means weight sharing with a per-layer codebook, relative-index sparse storage and optionally
 * Huffman coding.
 *
 * <p>File, after {@link CompressedFile}'s header and per-layer name and shape: the density used (float), weight bits
 * and index bits (a byte each), the number of entries and of kept weights (int each), the codebook as 2^weightBits
 * float32 (slots beyond the clusters found written as 0), the bias count (int) and biases (float32), and the payload
 * length (int) and bytes. Each entry is a relative index, the run of pruned weights skipped since the previous entry
 * (in flattened order), and a codebook index. Without Huffman the payload packs every entry as (indexBits,
 * weightBits) bits; with it the payload holds the two code-length tables (relative index, then codebook index,
 * {@link Huffman#LENGTH_BITS} bits per symbol), every entry's relative-index code, then the codebook-index codes of
 * the kept weights.
 *
 * <p>Filler rule: the largest relative index, 2^indexBits - 1, is reserved for padding (filler) entries. A filler
 * skips 2^indexBits - 1 pruned weights and stores no weight (its codebook index is written as 0, left out under
 * Huffman), so it decodes as zeros and all 2^weightBits codebook slots stay free for centroids. A real entry's
 * relative index runs 0 to 2^indexBits - 2: a filler is emitted exactly when the gap to the previous stored position
 * is 2^indexBits or more.
 */
public final class DeepCompressor {

    /** Lloyd iterations at most; 1-D k-means on a layer has settled long before. */
    static final int KMEANS_ITERATIONS = 30;

    private DeepCompressor() {
    }

    public static CompressedNetwork compress(List<LayerWeights> layers, DeepSettings settings) {
        CompressedFile.Out out = new CompressedFile.Out(
                settings.huffman() ? CompressedFile.METHOD_DEEP_HUFFMAN : CompressedFile.METHOD_DEEP, layers.size());
        List<LayerWeights> decoded = new ArrayList<>();
        List<LayerCode> codes = new ArrayList<>();
        long kept = 0;
        long fillers = 0;
        long weights = 0;
        for (LayerWeights layer : layers) {
            double density = settings.densityOf(layer.name());
            boolean[] keep = Pruning.keepLargest(layer.weights(), density);
            WeightSharing.Codebook codebook = WeightSharing.cluster(layer.weights(), keep, settings.weightBits(),
                    KMEANS_ITERATIONS);
            var code = new LayerCode.SharedWeights(layer.name(), keep, codebook.assignment(), codebook.centroids());
            Entries entries = Entries.of(keep, codebook.assignment(), settings.indexBits());
            byte[] payload = settings.huffman()
                    ? entries.huffmanCoded(settings.indexBits(), settings.weightBits())
                    : entries.packed(settings.indexBits(), settings.weightBits());

            out.layerHead(layer);
            out.run(() -> {
                out.data.writeFloat((float) density);
                out.data.writeByte(settings.weightBits());
                out.data.writeByte(settings.indexBits());
                out.data.writeInt(entries.count());
                out.data.writeInt(entries.kept());
                out.floats(Arrays.copyOf(codebook.centroids(), 1 << settings.weightBits()));
                out.data.writeInt(layer.bias().length);
                out.floats(layer.bias());
                out.data.writeInt(payload.length);
                out.data.write(payload);
            });

            decoded.add(new LayerWeights(layer.name(), layer.shape().clone(), code.dense(), layer.bias().clone()));
            codes.add(code);
            kept += entries.kept();
            fillers += entries.count() - entries.kept();
            weights += keep.length;
        }
        return new CompressedNetwork(out.toByteArray(), decoded, codes, kept, fillers, weights);
    }

    /**
     * Decodes a file written by {@link #compress} or {@link Int8Quantizer#compress} to dense weights (pruned weights
     * 0, the others their centroid or dequantized value) and biases.
     */
    public static List<LayerWeights> read(byte[] file) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
        try {
            byte method = CompressedFile.readPreamble(in);
            if (method != CompressedFile.METHOD_DEEP && method != CompressedFile.METHOD_DEEP_HUFFMAN
                    && method != CompressedFile.METHOD_INT8) {
                throw new IllegalArgumentException("unknown compression method " + method + " in DSEC file");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IllegalArgumentException("corrupt DSEC file: " + count + " layers");
            }
            List<LayerWeights> layers = new ArrayList<>();
            for (int l = 0; l < count; l++) {
                CompressedFile.Head head = CompressedFile.readHead(in);
                layers.add(method == CompressedFile.METHOD_INT8
                        ? Int8Quantizer.readLayer(in, head)
                        : readLayer(in, head, method == CompressedFile.METHOD_DEEP_HUFFMAN));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt DSEC file: " + in.available()
                        + " bytes after the last layer");
            }
            return layers;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated DSEC file: it ends inside a header (" + file.length
                    + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LayerWeights readLayer(DataInputStream in, CompressedFile.Head head, boolean huffman)
            throws IOException {
        String name = head.name();
        in.readFloat(); // the density used: informative, the entries say where the weights are
        int weightBits = in.readUnsignedByte();
        int indexBits = in.readUnsignedByte();
        if (weightBits < 1 || weightBits > 16 || indexBits < 1 || indexBits > 16) {
            throw CompressedFile.corrupt(name, "weight bits " + weightBits + ", index bits " + indexBits);
        }
        int entries = in.readInt();
        int kept = in.readInt();
        if (kept < 0 || kept > head.weights() || entries < kept) {
            throw CompressedFile.corrupt(name, entries + " entries for " + kept + " kept weights");
        }
        float[] codebook = CompressedFile.readFloats(in, 1 << weightBits);
        float[] bias = CompressedFile.readFloats(in, in.readInt());
        int payloadLength = in.readInt();
        CompressedFile.requireAvailable(in, payloadLength);
        byte[] payload = new byte[payloadLength];
        in.readFully(payload);
        if (entries > payloadLength * 8L) {
            throw CompressedFile.corrupt(name, entries + " entries in " + payloadLength + " payload bytes");
        }

        BitReader bits = new BitReader(payload);
        int[] runs;
        int[] slots;
        int filler = (1 << indexBits) - 1;
        if (huffman) {
            int[] runLengths = readLengths(bits, 1 << indexBits);
            int[] slotLengths = readLengths(bits, 1 << weightBits);
            runs = Huffman.decode(bits, runLengths, entries);
            slots = Huffman.decode(bits, slotLengths, kept);
        } else {
            runs = new int[entries];
            slots = new int[kept];
            int s = 0;
            for (int e = 0; e < entries; e++) {
                runs[e] = bits.read(indexBits);
                int slot = bits.read(weightBits);
                if (runs[e] != filler) {
                    if (s == kept) {
                        throw CompressedFile.corrupt(name, "more weight entries than the " + kept + " announced");
                    }
                    slots[s++] = slot;
                } else if (slot != 0) {
                    throw CompressedFile.corrupt(name, "a filler entry carries codebook index " + slot);
                }
            }
        }

        float[] weights = new float[head.weights()];
        long position = 0;
        int s = 0;
        for (int run : runs) {
            position += run;
            if (run == filler) {
                continue;
            }
            if (position >= weights.length || s == kept) {
                throw CompressedFile.corrupt(name, "an entry beyond the layer's " + weights.length + " weights");
            }
            weights[(int) position++] = codebook[slots[s++]];
        }
        if (s != kept) {
            throw CompressedFile.corrupt(name, s + " weight entries, " + kept + " announced");
        }
        return new LayerWeights(name, head.shape(), weights, bias);
    }

    private static int[] readLengths(BitReader bits, int symbols) {
        int[] lengths = new int[symbols];
        for (int s = 0; s < symbols; s++) {
            lengths[s] = bits.read(Huffman.LENGTH_BITS);
        }
        return lengths;
    }

    /** A layer's entries: relative index (run of pruned weights skipped) per entry, codebook index per kept weight. */
    private record Entries(int[] runs, int[] slots) {

        static Entries of(boolean[] keep, int[] assignment, int indexBits) {
            int filler = (1 << indexBits) - 1;
            int kept = 0;
            int fillers = 0;
            int previous = -1;
            for (int i = 0; i < keep.length; i++) {
                if (keep[i]) {
                    fillers += (i - previous - 1) / filler;
                    previous = i;
                    kept++;
                }
            }
            int[] runs = new int[Math.addExact(kept, fillers)];
            int[] slots = new int[kept];
            int e = 0;
            int s = 0;
            previous = -1;
            for (int i = 0; i < keep.length; i++) {
                if (keep[i]) {
                    int run = i - previous - 1;
                    for (; run >= filler; run -= filler) {
                        runs[e++] = filler;
                    }
                    runs[e++] = run;
                    slots[s++] = assignment[i];
                    previous = i;
                }
            }
            return new Entries(runs, slots);
        }

        int count() {
            return runs.length;
        }

        int kept() {
            return slots.length;
        }

        /** Fixed width, exactly what the estimate counts: (indexBits + weightBits) per entry, fillers included. */
        byte[] packed(int indexBits, int weightBits) {
            int filler = (1 << indexBits) - 1;
            BitWriter out = new BitWriter();
            int s = 0;
            for (int run : runs) {
                out.write(run, indexBits);
                out.write(run == filler ? 0 : slots[s++], weightBits);
            }
            return out.toByteArray();
        }

        byte[] huffmanCoded(int indexBits, int weightBits) {
            int[] runLengths = Huffman.codeLengths(histogram(runs, 1 << indexBits));
            int[] slotLengths = Huffman.codeLengths(histogram(slots, 1 << weightBits));
            BitWriter out = new BitWriter();
            for (int len : runLengths) {
                out.write(len, Huffman.LENGTH_BITS);
            }
            for (int len : slotLengths) {
                out.write(len, Huffman.LENGTH_BITS);
            }
            Huffman.encode(runs, runLengths, out);
            Huffman.encode(slots, slotLengths, out);
            return out.toByteArray();
        }

        private static long[] histogram(int[] symbols, int alphabet) {
            long[] counts = new long[alphabet];
            for (int s : symbols) {
                counts[s]++;
            }
            return counts;
        }
    }
}
