package io.squeezenet.dse.model.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaparametersTest {

    @ParameterizedTest(name = "{6} refused: base_e={0} incr_e={1} freq={2} sr={3} pct_3x3={4} bypass={5}")
    @CsvSource({
            "0, 128, 2, 0.125, 0.5, none, base_e, '>= 1'",
            "128, -1, 2, 0.125, 0.5, none, incr_e, '>= 0'",
            "128, 128, 0, 0.125, 0.5, none, freq, '>= 1'",
            "128, 128, 2, 0, 0.5, none, sr, '0 < sr <= 1'",
            "128, 128, 2, 1.5, 0.5, none, sr, '0 < sr <= 1'",
            "128, 128, 2, NaN, 0.5, none, sr, 'got NaN'",
            "128, 128, 2, Infinity, 0.5, none, sr, 'got Infinity'",
            "128, 128, 2, 0.125, -0.1, none, pct_3x3, '0 <= pct_3x3 <= 1'",
            "128, 128, 2, 0.125, NaN, none, pct_3x3, 'got NaN'",
            "9000, 0, 2, 0.125, 0.5, none, base_e, 'limit is 8192'",
            "128, 2000, 1, 0.125, 0.5, none, incr_e, 'e_7 = 14128'",
            "2147483647, 2147483647, 1, 0.125, 0.5, none, base_e, 'limit is 8192'",
            "1, 0, 1, 0.125, 0.5, none, pct_3x3, 'every e_i >= 2'",
            "128, 128, 1, 0.125, 0.5, simple, bypass, 'around fire3, which has 128 in and 256 out'",
            "128, 128, 3, 0.125, 0.5, complex, bypass, 'around fire5, which has 128 in and 256 out'",
    })
    void refusesOutOfRangeValuesNamingTheField(int baseE, int incrE, int freq, double sr, double pct, String bypass,
                                               String field, String rule) {
        assertThatThrownBy(() -> new Metaparameters(baseE, incrE, freq, sr, pct, Bypass.parse(bypass)))
                .isInstanceOfSatisfying(InvalidDesignException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(rule);
                });
    }

    @Test
    void refusesUnknownBypassAndStem() {
        assertThatThrownBy(() -> Bypass.parse("residual")).hasMessage("bypass: must be one of [none, simple, complex], got 'residual'");
        assertThatThrownBy(() -> Stem.parse(null)).hasMessageContaining("stem: must be one of [paper, small]");
    }

    @Test
    void followsTheRoundingAndClampingConventions() {
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;
        assertThat(v10.expand(0)).isEqualTo(128);
        assertThat(v10.expand(7)).isEqualTo(512);
        assertThat(v10.squeeze(0)).isEqualTo(16);
        // pct 1% of 128 = 1.28 -> 1; 99% of 128 = 126.72 -> 127, still leaving one 1x1 filter
        assertThat(v10.withPct3x3(0.01).expand3x3(0)).isEqualTo(1);
        assertThat(v10.withPct3x3(0.99).expand3x3(0)).isEqualTo(127);
        assertThat(v10.withPct3x3(0.99).expand1x1(0)).isEqualTo(1);
        // a tiny ratio still keeps one 3x3 filter and one squeeze filter
        assertThat(v10.withPct3x3(0.001).expand3x3(0)).isEqualTo(1);
        assertThat(v10.withSqueezeRatio(0.001).squeeze(0)).isEqualTo(1);
        assertThat(v10.withPct3x3(0).expand3x3(3)).isZero();
        assertThat(v10.withPct3x3(1).expand1x1(3)).isZero();
        // x.5 rounds up exactly in decimal: 0.5 * 3 = 1.5 -> 2, 0.3 * 5 = 1.5 -> 2
        assertThat(new Metaparameters(3, 0, 1, 0.5, 0.5, Bypass.NONE).squeeze(0)).isEqualTo(2);
        assertThat(new Metaparameters(5, 0, 1, 0.3, 0.3, Bypass.NONE).expand3x3(0)).isEqualTo(2);
    }
}
