package io.squeezenet.dse.model.compression;

/** Reads back what {@link BitWriter} packed: most significant bit first. */
final class BitReader {

    private final byte[] data;
    private final int end;
    private int next;
    private long pending;
    private int pendingBits;

    BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    BitReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + data.length
                    + " bytes");
        }
        this.data = data;
        this.next = offset;
        this.end = offset + length;
    }

    /** The next {@code bits} bits (0 to 32) as an unsigned value; a truncated stream is an IllegalArgumentException. */
    int read(int bits) {
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("can read 0 to 32 bits at a time, not " + bits);
        }
        while (pendingBits < bits) {
            if (next == end) {
                throw new IllegalArgumentException("truncated bit stream: needed " + bits + " more bits, "
                        + pendingBits + " left");
            }
            pending = (pending << 8) | (data[next++] & 0xFF);
            pendingBits += 8;
        }
        pendingBits -= bits;
        int value = (int) ((pending >>> pendingBits) & ((1L << bits) - 1));
        pending &= (1L << pendingBits) - 1;
        return value;
    }
}
