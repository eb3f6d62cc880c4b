package io.squeezenet.dse.model.compression;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Deep Compression's last stage: canonical Huffman coding of int symbols in [0, alphabetSize). Canonical codes are
 * fixed by their lengths alone (shorter first, then by symbol, as in DEFLATE), so a file stores only the lengths.
 */
public final class Huffman {

    /** Longest code; a length table spends {@link #LENGTH_BITS} bits per symbol. */
    static final int MAX_CODE_LENGTH = 24;
    static final int LENGTH_BITS = 5;

    private Huffman() {
    }

    /**
     * Optimal code lengths for the frequencies, 0 for unused symbols and 1 for a lone used symbol. Where the optimal
     * tree is deeper than {@link #MAX_CODE_LENGTH} (frequencies growing like Fibonacci numbers), the lengths are
     * limited with the JPEG heuristic (ITU T.81, Annex K.3), which keeps the code complete.
     */
    static int[] codeLengths(long[] frequencies) {
        int[] lengths = new int[frequencies.length];
        Integer[] used = IntStream.range(0, frequencies.length).filter(s -> {
            if (frequencies[s] < 0) {
                throw new IllegalArgumentException("negative frequency for symbol " + s);
            }
            return frequencies[s] > 0;
        }).boxed().toArray(Integer[]::new);
        int m = used.length;
        if (m == 0) {
            return lengths;
        }
        if (m == 1) {
            lengths[used[0]] = 1;
            return lengths;
        }
        Arrays.sort(used, Comparator.<Integer>comparingLong(s -> frequencies[s]).thenComparingInt(s -> s));
        // Two-queue construction over the sorted leaves: nodes 0..m-1 are leaves, m..2m-2 internal, and a parent
        // always comes after its children.
        long[] weight = new long[2 * m - 1];
        int[] parent = new int[2 * m - 1];
        for (int i = 0; i < m; i++) {
            weight[i] = frequencies[used[i]];
        }
        int leaf = 0;
        int internal = m;
        for (int node = m; node < 2 * m - 1; node++) {
            for (int child = 0; child < 2; child++) {
                int pick = leaf < m && (internal == node || weight[leaf] <= weight[internal]) ? leaf++ : internal++;
                parent[pick] = node;
                weight[node] += weight[pick];
            }
        }
        int[] depth = new int[2 * m - 1];
        for (int node = 2 * m - 3; node >= 0; node--) {
            depth[node] = depth[parent[node]] + 1;
        }
        int maxDepth = 0;
        for (int i = 0; i < m; i++) {
            lengths[used[i]] = depth[i];
            maxDepth = Math.max(maxDepth, depth[i]);
        }
        if (maxDepth > MAX_CODE_LENGTH) {
            limit(lengths, used, maxDepth);
        }
        return lengths;
    }

    /** Rebalances the length counts to at most MAX_CODE_LENGTH, then hands the short codes to the frequent symbols. */
    private static void limit(int[] lengths, Integer[] byFrequency, int maxDepth) {
        int[] count = new int[maxDepth + 1];
        for (Integer s : byFrequency) {
            count[lengths[s]]++;
        }
        for (int i = maxDepth; i > MAX_CODE_LENGTH; i--) {
            while (count[i] > 0) {
                int j = i - 2;
                while (count[j] == 0) {
                    j--;
                }
                // two siblings at depth i: one moves up to their parent, the other pairs with a leaf at depth j
                count[i] -= 2;
                count[i - 1]++;
                count[j + 1] += 2;
                count[j]--;
            }
        }
        // byFrequency is ascending, so walk it from the end with the shortest lengths
        int s = byFrequency.length - 1;
        for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
            for (int c = 0; c < count[len]; c++) {
                lengths[byFrequency[s--]] = len;
            }
        }
    }

    static void encode(int[] symbols, int[] lengths, BitWriter out) {
        int[] codes = canonicalCodes(lengths);
        for (int s : symbols) {
            if (s < 0 || s >= lengths.length || lengths[s] == 0) {
                throw new IllegalArgumentException("symbol " + s + " has no code");
            }
            out.write(codes[s], lengths[s]);
        }
    }

    static int[] decode(BitReader in, int[] lengths, int count) {
        canonicalCodes(lengths); // refuses an oversubscribed (corrupt) length table
        // per length: how many codes, and the symbols in canonical order (puff.c's decoding)
        int[] perLength = new int[MAX_CODE_LENGTH + 1];
        for (int len : lengths) {
            requireLength(len);
            perLength[len]++;
        }
        perLength[0] = 0;
        int[] offset = new int[MAX_CODE_LENGTH + 2];
        for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
            offset[len + 1] = offset[len] + perLength[len];
        }
        int[] ordered = new int[offset[MAX_CODE_LENGTH + 1]];
        int[] fill = offset.clone();
        for (int s = 0; s < lengths.length; s++) {
            if (lengths[s] > 0) {
                ordered[fill[lengths[s]]++] = s;
            }
        }
        int[] symbols = new int[count];
        for (int i = 0; i < count; i++) {
            int code = 0;
            int first = 0;
            int index = 0;
            int len = 1;
            while (true) {
                if (len > MAX_CODE_LENGTH) {
                    throw new IllegalArgumentException("invalid Huffman code in the bit stream");
                }
                code |= in.read(1);
                int n = perLength[len];
                if (code - first < n) {
                    symbols[i] = ordered[index + code - first];
                    break;
                }
                index += n;
                first = (first + n) << 1;
                code <<= 1;
                len++;
            }
        }
        return symbols;
    }

    /** DEFLATE's canonical assignment: codes of one length are consecutive, in symbol order. */
    static int[] canonicalCodes(int[] lengths) {
        int[] perLength = new int[MAX_CODE_LENGTH + 1];
        for (int len : lengths) {
            requireLength(len);
            perLength[len]++;
        }
        perLength[0] = 0;
        int[] next = new int[MAX_CODE_LENGTH + 1];
        long code = 0;
        for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
            code = (code + perLength[len - 1]) << 1;
            next[len] = (int) code;
            if (code + perLength[len] > (1L << len)) {
                throw new IllegalArgumentException("code lengths oversubscribe the code space at length " + len);
            }
        }
        int[] codes = new int[lengths.length];
        for (int s = 0; s < lengths.length; s++) {
            if (lengths[s] > 0) {
                codes[s] = next[lengths[s]]++;
            }
        }
        return codes;
    }

    private static void requireLength(int len) {
        if (len < 0 || len > MAX_CODE_LENGTH) {
            throw new IllegalArgumentException("code length " + len + " outside [0, " + MAX_CODE_LENGTH + "]");
        }
    }
}
