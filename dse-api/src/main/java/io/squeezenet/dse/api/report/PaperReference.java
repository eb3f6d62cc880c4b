package io.squeezenet.dse.api.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The paper's published numbers (Figure 3a, 3b, Tables 2 and 3), read from the one copy of them the project keeps,
 * {@code paper/squeezenet-paper.json}. Accuracies there are percentages on ImageNet.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaperReference(
        @JsonProperty("source") String source,
        @JsonProperty("figure3a") Figure figure3a,
        @JsonProperty("figure3b") Figure figure3b,
        @JsonProperty("table3") List<Table3Row> table3,
        @JsonProperty("table2") List<Table2.PaperRow> table2) {

    /** The published numbers, loaded once. */
    public static final PaperReference PUBLISHED = load();

    /** A panel of Figure 3: the metaparameters held fixed and the points along the varied one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Figure(@JsonProperty("fixed") Fixed fixed, @JsonProperty("points") List<FigurePoint> points) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fixed(@JsonProperty("base_e") Integer baseE, @JsonProperty("incr_e") Integer incrE,
                        @JsonProperty("freq") Integer freq, @JsonProperty("sr") Double sr,
                        @JsonProperty("pct_3x3") Double pct3x3) {

        /** Whether {@code m} has every fixed value of this panel (and no bypass, v1.0, as in Figure 3). */
        boolean holds(Metaparameters m) {
            return (baseE == null || baseE == m.expandBase()) && (incrE == null || incrE == m.expandIncrement())
                    && (freq == null || freq == m.freq()) && (sr == null || same(sr, m.squeezeRatio()))
                    && (pct3x3 == null || same(pct3x3, m.pct3x3())) && m.bypass() == Bypass.NONE
                    && m.variant() == Variant.V1_0;
        }
    }

    /** {@code exact} is false where the value was read off the plot rather than printed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FigurePoint(@JsonProperty("sr") Double sr, @JsonProperty("pct_3x3") Double pct3x3,
                              @JsonProperty("size_mb") double sizeMb, @JsonProperty("top5") double top5,
                              @JsonProperty("exact") boolean exact) {
    }

    public record Table3Row(@JsonProperty("bypass") String bypass, @JsonProperty("top1") double top1,
                            @JsonProperty("top5") double top5, @JsonProperty("size_mb") double sizeMb) {
    }

    static boolean same(double a, double b) {
        return Math.abs(a - b) < 1e-9;
    }

    private static PaperReference load() {
        try (InputStream in = PaperReference.class.getResourceAsStream("/paper/squeezenet-paper.json")) {
            if (in == null) {
                throw new IllegalStateException("paper/squeezenet-paper.json is missing from the classpath");
            }
            return JsonMapper.builder().build().readValue(in, PaperReference.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
