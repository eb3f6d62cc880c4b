package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.List;
import java.util.Locale;

/** The paper's studies as ready-made grids (base_e = incr_e = 128, freq = 2 unless varied). */
public enum Preset {
    /** Figure 3a: the squeeze ratio at pct_3x3 = 0.5. */
    FIG3A(new Grid(null, null, null, List.of(0.125, 0.25, 0.5, 0.75, 1.0), List.of(0.5), null)),
    /** Figure 3b: the share of 3x3 filters at SR = 0.5. */
    FIG3B(new Grid(null, null, null, List.of(0.5), List.of(0.01, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 0.99), null)),
    /** Table 3: the three bypass types on v1.0. */
    TABLE3(new Grid(null, null, null, null, null, List.of("none", "simple", "complex"))),
    /** SqueezeNet v1.0 alone. */
    SQUEEZENET(Grid.EMPTY),
    /** Nightly CI: three squeeze ratios, small enough to finish in minutes on 2 CPU cores. */
    CI_MINI_SR(new Grid(null, null, null, List.of(0.125, 0.5, 1.0), List.of(0.5), null), Budget.CI),
    /** Nightly CI: three shares of 3x3 filters at SR = 0.5. */
    CI_MINI_PCT(new Grid(null, null, null, List.of(0.5), List.of(0.125, 0.5, 0.875), null), Budget.CI),
    /** Nightly CI: the three bypass types. */
    CI_MINI_BYPASS(new Grid(null, null, null, null, null, List.of("none", "simple", "complex")), Budget.CI);

    /**
     * The training budget a preset implies where the request leaves it out: subsets and epochs sized for CI on 2 CPU
     * cores (bench/README.md has the measured times).
     */
    public record Budget(@JsonProperty("train_subset") int trainSubset, @JsonProperty("test_subset") int testSubset,
                         @JsonProperty("epochs") int epochs) {
        static final Budget CI = new Budget(2000, 500, 3);
    }

    private final Grid grid;
    private final Budget budget;

    Preset(Grid grid) {
        this(grid, null);
    }

    Preset(Grid grid, Budget budget) {
        this.grid = grid;
        this.budget = budget;
    }

    public Grid grid() {
        return grid;
    }

    /** The default budget, or null where the request's (or the recipe's) defaults apply. */
    public Budget budget() {
        return budget;
    }

    /** {@code fig3a}, {@code ci-mini-sr}: the name requests and flags use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Preset parse(String text) {
        return Labels.parse(values(), Preset::label, text, "preset");
    }
}
