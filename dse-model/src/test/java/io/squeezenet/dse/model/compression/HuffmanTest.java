package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HuffmanTest {

    @Test
    void roundTripsSkewedDataInFewerBitsThanFixedWidth() {
        Random random = new Random(3);
        int alphabet = 64;
        int[] symbols = new int[20_000];
        long[] frequencies = new long[alphabet];
        for (int i = 0; i < symbols.length; i++) {
            // geometric: like the relative indices of a pruned layer
            symbols[i] = Math.min(alphabet - 1, (int) (Math.log(1 - random.nextDouble()) / Math.log(0.7)));
            frequencies[symbols[i]]++;
        }
        int[] lengths = Huffman.codeLengths(frequencies);
        assertThat(kraft(lengths)).isEqualTo(1.0);
        BitWriter out = new BitWriter();
        Huffman.encode(symbols, lengths, out);
        double entropy = 0;
        for (long f : frequencies) {
            if (f > 0) {
                double p = (double) f / symbols.length;
                entropy -= symbols.length * p * Math.log(p) / Math.log(2);
            }
        }
        // Huffman is within one bit per symbol of the entropy, far below 6 fixed bits
        assertThat((double) out.bitLength()).isBetween(entropy, entropy + symbols.length);
        assertThat(out.bitLength()).isLessThan(symbols.length * 4L);
        for (int s = 0; s < alphabet; s++) {
            assertThat(lengths[s] == 0).isEqualTo(frequencies[s] == 0);
        }
        assertThat(Huffman.decode(new BitReader(out.toByteArray()), lengths, symbols.length)).isEqualTo(symbols);
    }

    @Test
    void aLoneSymbolGetsOneBit() {
        long[] frequencies = new long[8];
        frequencies[5] = 100;
        int[] lengths = Huffman.codeLengths(frequencies);
        assertThat(lengths).containsExactly(0, 0, 0, 0, 0, 1, 0, 0);
        int[] symbols = new int[100];
        Arrays.fill(symbols, 5);
        BitWriter out = new BitWriter();
        Huffman.encode(symbols, lengths, out);
        assertThat(out.toByteArray()).hasSize(13);
        assertThat(Huffman.decode(new BitReader(out.toByteArray()), lengths, 100)).isEqualTo(symbols);
        assertThat(Huffman.codeLengths(new long[4])).containsOnly(0);
    }

    @Test
    void capsCodeLengthsAtTwentyFourBitsAndStaysComplete() {
        // Fibonacci frequencies make the optimal tree a 39-deep chain
        int alphabet = 40;
        long[] frequencies = new long[alphabet];
        frequencies[0] = 1;
        frequencies[1] = 1;
        for (int s = 2; s < alphabet; s++) {
            frequencies[s] = frequencies[s - 1] + frequencies[s - 2];
        }
        int[] lengths = Huffman.codeLengths(frequencies);
        assertThat(Arrays.stream(lengths).max().getAsInt()).isEqualTo(Huffman.MAX_CODE_LENGTH);
        assertThat(Arrays.stream(lengths).min().getAsInt()).isEqualTo(1);
        assertThat(kraft(lengths)).isEqualTo(1.0);
        for (int s = 1; s < alphabet; s++) {
            // a more frequent symbol never gets the longer code
            assertThat(lengths[s]).isLessThanOrEqualTo(lengths[s - 1]);
        }
        int[] symbols = new int[alphabet * 3];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = (i * 7) % alphabet;
        }
        BitWriter out = new BitWriter();
        Huffman.encode(symbols, lengths, out);
        assertThat(Huffman.decode(new BitReader(out.toByteArray()), lengths, symbols.length)).isEqualTo(symbols);
    }

    @Test
    void refusesSymbolsWithoutACodeAndOversubscribedTables() {
        int[] lengths = {1, 1, 0};
        assertThatThrownBy(() -> Huffman.encode(new int[] {2}, lengths, new BitWriter()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Huffman.decode(new BitReader(new byte[4]), new int[] {1, 1, 1}, 1))
                .hasMessageContaining("oversubscribe");
    }

    @Test
    void bitsComeBackInTheOrderAndWidthWritten() {
        Random random = new Random(4);
        int[] widths = new int[500];
        int[] values = new int[500];
        BitWriter out = new BitWriter();
        for (int i = 0; i < widths.length; i++) {
            widths[i] = random.nextInt(33);
            values[i] = (int) (random.nextInt() & ((1L << widths[i]) - 1));
            out.write(values[i], widths[i]);
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize((int) ((out.bitLength() + 7) / 8));
        BitReader in = new BitReader(bytes);
        for (int i = 0; i < widths.length; i++) {
            assertThat(in.read(widths[i])).isEqualTo(values[i]);
        }
        // big-endian: the first bit written is the top bit of the first byte; the tail is zero padding
        BitWriter three = new BitWriter();
        three.write(0b101, 3);
        assertThat(three.toByteArray()).containsExactly((byte) 0b1010_0000);
        BitReader short1 = new BitReader(new byte[] {1});
        short1.read(5);
        assertThatThrownBy(() -> short1.read(4)).hasMessageContaining("truncated");
    }

    private static double kraft(int[] lengths) {
        double sum = 0;
        for (int len : lengths) {
            if (len > 0) {
                sum += Math.pow(2, -len);
            }
        }
        return sum;
    }
}
