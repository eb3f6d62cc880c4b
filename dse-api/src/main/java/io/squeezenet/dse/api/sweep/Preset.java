package io.squeezenet.dse.api.sweep;

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
    SQUEEZENET(Grid.EMPTY);

    private final Grid grid;

    Preset(Grid grid) {
        this.grid = grid;
    }

    public Grid grid() {
        return grid;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String text) {
        return Labels.parse(values(), Preset::label, text, "preset");
    }
}
