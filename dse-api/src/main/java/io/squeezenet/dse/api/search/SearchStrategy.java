package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.Locale;

/**
 * How a sweep explores its {@code space}: the sampler, the number of designs it may train ({@code budget}) and the
 * seed that makes the same request propose the same designs.
 */
public record SearchStrategy(
        @JsonProperty("name") Name name,
        @JsonProperty("budget") Integer budget,
        @JsonProperty("seed") Long seed) {

    public static final int MAX_BUDGET = 1000;

    /** The samplers. Only {@code random} is built; the others are refused when a sweep is posted. */
    public enum Name {
        RANDOM, BAYESIAN, EVOLUTIONARY;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Name parse(String text) {
            return Labels.parse(values(), Name::label, text, "name");
        }
    }

    public SearchStrategy {
        if (name == null) {
            throw new InvalidFieldException("name", "is required: random");
        }
        if (name != Name.RANDOM) {
            throw new InvalidFieldException("name", name.label() + " search is not built yet; random is");
        }
        if (budget == null || budget < 1 || budget > MAX_BUDGET) {
            throw new InvalidFieldException("budget", "must be the number of designs to train, an integer in [1, "
                    + MAX_BUDGET + "], got " + budget);
        }
        seed = seed == null ? 0L : seed;
    }
}
