package io.squeezenet.dse.model.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Metaparameters;
import org.junit.jupiter.api.Test;

class DeepCompressionTest {

    private static final Architecture V10 = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0);

    @Test
    void countsEveryPartOfTheStorageFormat() {
        DeepCompression.Estimate e = DeepCompression.estimate(V10, 0.33, 8, 8);
        // 26 convolutions (conv1, 3 per Fire module, conv10), each with a 256-entry 32-bit codebook
        assertThat(e.codebookBytes()).isEqualTo(26 * 256 * 4);
        // biases stay dense: 96 + Fire (s + e1 + e3) + 1000
        assertThat(e.biasBytes()).isEqualTo((96 + 2880 + 1000) * 4);
        assertThat(e.weights()).isEqualTo(1_248_424 - 3976);
        assertThat(e.nonzeroWeights()).isCloseTo(Math.round(0.33 * e.weights()), within(30L));
        // 8-bit gaps almost never overflow at 33% density
        assertThat(e.paddingEntries()).isZero();
        assertThat(e.entryBytes()).isEqualTo(e.nonzeroWeights() * 2);
        assertThat(e.sizeBytes()).isEqualTo(e.entryBytes() + e.codebookBytes() + e.biasBytes());
    }

    @Test
    void narrowIndicesNeedFillerEntries() {
        DeepCompression.Estimate wide = DeepCompression.estimate(V10, 0.1, 8, 8);
        DeepCompression.Estimate narrow = DeepCompression.estimate(V10, 0.1, 8, 2);
        // at 10% density a gap beyond 4 positions has probability 0.9^4 = 0.66: many fillers
        assertThat(narrow.paddingEntries()).isCloseTo(Math.round(wide.nonzeroWeights() * 0.6561 / (1 - 0.6561)),
                within(50L));
        assertThat(wide.paddingEntries()).isLessThan(5);
    }

    @Test
    void liesAboveTable2BecauseHuffmanCodingIsLeftOut() {
        double eightBit = DeepCompression.estimate(V10, 0.33, 8, DeepCompression.CONV_INDEX_BITS).sizeMib();
        double sixBit = DeepCompression.estimate(V10, 0.33, 6, DeepCompression.CONV_INDEX_BITS).sizeMib();
        // Table 2: 0.66 MB (8-bit) and 0.47 MB (6-bit); Huffman coding saves Deep Compression another 20-35%
        assertThat(eightBit).isBetween(0.66, 0.66 / 0.7);
        assertThat(sixBit).isBetween(0.47, 0.47 / 0.6);
        assertThat(sixBit).isLessThan(eightBit);
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> DeepCompression.estimate(V10, 0, 8, 8)).hasMessageStartingWith("density:");
        assertThatThrownBy(() -> DeepCompression.estimate(V10, 0.3, 0, 8)).hasMessageStartingWith("weight_bits:");
        assertThatThrownBy(() -> DeepCompression.estimate(V10, 0.3, 8, 40)).hasMessageStartingWith("index_bits:");
    }
}
