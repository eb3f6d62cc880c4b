package io.squeezenet.dse.model.compression;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The container both compressors write: "DSEC", format version (int), method (byte), layer count (int); then per
 * layer its name (writeUTF) and shape (rank byte, one long per dimension), followed by the method's own fields.
 */
final class CompressedFile {

    static final byte[] MAGIC = "DSEC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final byte METHOD_DEEP = 1;
    static final byte METHOD_DEEP_HUFFMAN = 2;
    static final byte METHOD_INT8 = 3;

    private CompressedFile() {
    }

    /** A DataOutputStream over memory, whose IOExceptions cannot happen. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream data = new DataOutputStream(bytes);

        Out(byte method, int layers) {
            run(() -> {
                data.write(MAGIC);
                data.writeInt(VERSION);
                data.writeByte(method);
                data.writeInt(layers);
            });
        }

        void layerHead(LayerWeights layer) {
            run(() -> {
                try {
                    data.writeUTF(layer.name());
                } catch (UTFDataFormatException tooLong) {
                    throw new IllegalArgumentException("layer name too long for the file: " + layer.name());
                }
                data.writeByte(layer.shape().length);
                for (long d : layer.shape()) {
                    data.writeLong(d);
                }
            });
        }

        void floats(float[] values) {
            run(() -> {
                for (float v : values) {
                    data.writeFloat(v);
                }
            });
        }

        void run(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** A layer's name and shape as read back, with its weight count. */
    record Head(String name, long[] shape, int weights) {
    }

    /** Checks magic and version; returns the method byte. */
    static byte readPreamble(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not a DSEC compressed network: the file starts with "
                    + Arrays.toString(magic));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("DSEC format version " + version + " is not supported (only "
                    + VERSION + ")");
        }
        return in.readByte();
    }

    static Head readHead(DataInputStream in) throws IOException {
        String name = in.readUTF();
        int rank = in.readUnsignedByte();
        if (rank < 1 || rank > LayerWeights.MAX_RANK) {
            throw corrupt(name, "rank " + rank);
        }
        long[] shape = new long[rank];
        long product = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readLong();
            if (shape[i] < 0) {
                throw corrupt(name, "negative dimension");
            }
            product = shape[i] == 0 ? 0 : product > (Integer.MAX_VALUE - 8) / shape[i] ? -1 : product * shape[i];
            if (product < 0) {
                throw corrupt(name, "shape " + Arrays.toString(Arrays.copyOf(shape, i + 1)) + " too large");
            }
        }
        return new Head(name, shape, (int) product);
    }

    static float[] readFloats(DataInputStream in, int count) throws IOException {
        requireAvailable(in, 4L * count);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }

    /** Refuses a count that the remaining bytes cannot hold, before allocating for it. */
    static void requireAvailable(DataInputStream in, long bytes) throws IOException {
        if (bytes < 0 || bytes > in.available()) {
            throw new IllegalArgumentException("truncated DSEC file: " + bytes + " more bytes needed, "
                    + in.available() + " left");
        }
    }

    static IllegalArgumentException corrupt(String layer, String what) {
        return new IllegalArgumentException("corrupt DSEC file: layer " + layer + ": " + what);
    }
}
