package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The paper's Section 5 metaparameters (Figure 2). Fire module {@code i = 0..7} is fire2..fire9:
 * {@code e_i = base_e + incr_e * floor(i / freq)}, {@code e3_i = pct_3x3 * e_i}, {@code s_i = SR * e_i}
 * (rounding and clamps in {@link #expand3x3(int)} and {@link #squeeze(int)}).
 * An instance is always valid: the constructor refuses anything that cannot be built.
 */
public record Metaparameters(
        @JsonProperty("base_e") int expandBase,
        @JsonProperty("incr_e") int expandIncrement,
        @JsonProperty("freq") int freq,
        @JsonProperty("sr") double squeezeRatio,
        @JsonProperty("pct_3x3") double pct3x3,
        @JsonProperty("bypass") Bypass bypass,
        @JsonProperty("variant") Variant variant) {

    public static final int FIRE_MODULES = 8;
    /** The widest expand layer accepted: past this a request is a typo, not a design, and would exhaust memory. */
    public static final int MAX_EXPAND = 8192;
    /** Fire modules (0-based) that get the identity shortcut: fire3, fire5, fire7, fire9. */
    static final int[] SIMPLE_BYPASS_MODULES = {1, 3, 5, 7};
    /** Fire modules that get the 1x1-convolution shortcut under complex bypass: fire2, fire4, fire6, fire8. */
    static final int[] COMPLEX_BYPASS_MODULES = {0, 2, 4, 6};

    /** SqueezeNet v1.0 (Table 1). */
    public static final Metaparameters SQUEEZENET_V1_0 = new Metaparameters(128, 128, 2, 0.125, 0.5, Bypass.NONE);
    /** SqueezeNet v1.1: v1.0's Fire modules in the DeepScale repository's revised macroarchitecture. */
    public static final Metaparameters SQUEEZENET_V1_1 = SQUEEZENET_V1_0.withVariant(Variant.V1_1);

    /** A v1.0 macroarchitecture: the paper's design space. */
    public Metaparameters(int expandBase, int expandIncrement, int freq, double squeezeRatio, double pct3x3, Bypass bypass) {
        this(expandBase, expandIncrement, freq, squeezeRatio, pct3x3, bypass, Variant.V1_0);
    }

    public Metaparameters {
        if (expandBase < 1) {
            throw new InvalidDesignException("base_e", "must be an integer >= 1, got " + expandBase);
        }
        if (expandIncrement < 0) {
            throw new InvalidDesignException("incr_e", "must be an integer >= 0, got " + expandIncrement);
        }
        if (freq < 1) {
            throw new InvalidDesignException("freq", "must be an integer >= 1, got " + freq);
        }
        if (!Double.isFinite(squeezeRatio) || squeezeRatio <= 0 || squeezeRatio > 1) {
            throw new InvalidDesignException("sr", "must be a number with 0 < sr <= 1, got " + squeezeRatio);
        }
        if (!Double.isFinite(pct3x3) || pct3x3 < 0 || pct3x3 > 1) {
            throw new InvalidDesignException("pct_3x3", "must be a number with 0 <= pct_3x3 <= 1, got " + pct3x3);
        }
        if (bypass == null) {
            bypass = Bypass.NONE;
        }
        if (variant == null) {
            variant = Variant.V1_0;
        }
        // long arithmetic: the widest layer is checked before any int could overflow
        long widest = (long) expandBase + (long) expandIncrement * ((FIRE_MODULES - 1) / freq);
        if (widest > MAX_EXPAND) {
            String field = expandBase > MAX_EXPAND ? "base_e" : "incr_e";
            throw new InvalidDesignException(field, "the widest Fire module fire9 would have e_7 = " + widest
                    + " expand filters; the limit is " + MAX_EXPAND);
        }
        int narrowest = expandBase;
        if (pct3x3 > 0 && pct3x3 < 1 && narrowest < 2) {
            throw new InvalidDesignException("pct_3x3", "0 < pct_3x3 < 1 needs both 1x1 and 3x3 expand filters, so every e_i >= 2; "
                    + "base_e = " + expandBase);
        }
        if (bypass != Bypass.NONE) {
            for (int i : SIMPLE_BYPASS_MODULES) {
                int in = expandOf(expandBase, expandIncrement, freq, i - 1);
                int out = expandOf(expandBase, expandIncrement, freq, i);
                if (in != out) {
                    throw new InvalidDesignException("bypass", bypass.label() + " bypass needs equal input and output channels"
                            + " around fire" + (i + 2) + ", which has " + in + " in and " + out + " out"
                            + " (choose freq and incr_e so that e_i stays equal within each pair, e.g. an even freq or incr_e = 0)");
                }
            }
        }
    }

    /**
     * In the request's words, for messages and logs: {@code base_e=128 incr_e=128 freq=2 sr=0.125 pct_3x3=0.5 bypass=none},
     * and {@code variant=v1.1} only when it is not the paper's v1.0.
     */
    @Override
    public String toString() {
        return "base_e=" + expandBase + " incr_e=" + expandIncrement + " freq=" + freq + " sr=" + squeezeRatio
                + " pct_3x3=" + pct3x3 + " bypass=" + bypass.label() + (variant == Variant.V1_0 ? "" : " variant=" + variant);
    }

    public Metaparameters withSqueezeRatio(double sr) {
        return new Metaparameters(expandBase, expandIncrement, freq, sr, pct3x3, bypass, variant);
    }

    public Metaparameters withPct3x3(double pct) {
        return new Metaparameters(expandBase, expandIncrement, freq, squeezeRatio, pct, bypass, variant);
    }

    public Metaparameters withBypass(Bypass b) {
        return new Metaparameters(expandBase, expandIncrement, freq, squeezeRatio, pct3x3, b, variant);
    }

    public Metaparameters withVariant(Variant v) {
        return new Metaparameters(expandBase, expandIncrement, freq, squeezeRatio, pct3x3, bypass, v);
    }

    /** e_i: total expand filters of Fire module i (0 = fire2). */
    public int expand(int i) {
        return expandOf(expandBase, expandIncrement, freq, i);
    }

    /** e_i,3x3 = round_half_up(pct_3x3 * e_i), kept in [1, e_i - 1] when 0 < pct_3x3 < 1 so both branches exist. */
    public int expand3x3(int i) {
        int e = expand(i);
        if (pct3x3 == 0) {
            return 0;
        }
        if (pct3x3 == 1) {
            return e;
        }
        return Math.max(1, Math.min(e - 1, roundHalfUp(pct3x3, e)));
    }

    /** e_i,1x1 = e_i - e_i,3x3. */
    public int expand1x1(int i) {
        return expand(i) - expand3x3(i);
    }

    /** s_i,1x1 = max(1, round_half_up(SR * e_i)). */
    public int squeeze(int i) {
        return Math.max(1, roundHalfUp(squeezeRatio, expand(i)));
    }

    private static int expandOf(int base, int incr, int freq, int i) {
        return base + incr * (i / freq);
    }

    /** Decimal rounding, so 0.125 * 128 is exactly 16 and x.5 always rounds up whatever the binary error. */
    private static int roundHalfUp(double ratio, int e) {
        return BigDecimal.valueOf(ratio).multiply(BigDecimal.valueOf(e)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }
}
