package io.squeezenet.dse.model.compression;

import java.util.Arrays;

/** Packs values into bytes most significant bit first, as the entries of the storage format are laid out. */
final class BitWriter {

    private byte[] bytes = new byte[64];
    private int size;
    private long pending;
    private int pendingBits;

    /** Appends the low {@code bits} bits of {@code value}, highest first; {@code bits} in [0, 32]. */
    void write(int value, int bits) {
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("can write 0 to 32 bits at a time, not " + bits);
        }
        pending = (pending << bits) | (value & ((1L << bits) - 1));
        pendingBits += bits;
        while (pendingBits >= 8) {
            pendingBits -= 8;
            put((byte) (pending >>> pendingBits));
        }
        pending &= (1L << pendingBits) - 1;
    }

    long bitLength() {
        return size * 8L + pendingBits;
    }

    /** The bits written so far, the last byte filled up with zeros. */
    byte[] toByteArray() {
        byte[] out = Arrays.copyOf(bytes, size + (pendingBits > 0 ? 1 : 0));
        if (pendingBits > 0) {
            out[size] = (byte) (pending << (8 - pendingBits));
        }
        return out;
    }

    private void put(byte b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(64, bytes.length * 2));
        }
        bytes[size++] = b;
    }
}
