package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.api.report.Metric;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.Locale;

/**
 * How a sweep explores its {@code space}: the sampler, the number of designs it may train ({@code budget}; for
 * bayesian and evolutionary, their worth of epochs, so a pruned trial counts the epochs it trained), the seed
 * that makes the same request (and the same results) propose the same designs, and for the model-based samplers the
 * designs drawn at random before the model is used ({@code startup}; NSGA-II's population) and the accuracy they
 * optimize ({@code metric}), and how many designs may be in training at once ({@code parallel}; by default one per
 * live worker: a proposal made while others train knows fewer results).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchStrategy(
        @JsonProperty("name") Name name,
        @JsonProperty("budget") Integer budget,
        @JsonProperty("seed") Long seed,
        @JsonProperty("startup") Integer startup,
        @JsonProperty("metric") Metric metric,
        @JsonProperty("parallel") Integer parallel) {

    public static final int MAX_BUDGET = 1000;

    /**
     * The samplers: seeded uniform draws (all proposed when the sweep is posted); TPE on the metric and NSGA-II on
     * accuracy against size (proposed as results arrive); or a client's own sampler sending designs to
     * {@code POST /api/v1/sweeps/{id}/designs}.
     */
    public enum Name {
        RANDOM, BAYESIAN, EVOLUTIONARY, EXTERNAL;

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
            throw new InvalidFieldException("name", "is required: one of random, bayesian, evolutionary, external");
        }
        if (budget == null || budget < 1 || budget > MAX_BUDGET) {
            throw new InvalidFieldException("budget", "must be the number of designs to train (for a search that"
                    + " prunes: their worth of epochs), an integer in [1, " + MAX_BUDGET + "], got " + budget);
        }
        seed = seed == null ? 0L : seed;
        if (!modelBased(name) && (startup != null || metric != null || parallel != null)) {
            // said rather than ignored: these steer a model that random and external searches do not have
            throw new InvalidFieldException(startup != null ? "startup" : metric != null ? "metric" : "parallel",
                    "is for the bayesian and evolutionary strategies, not " + name.label());
        }
        if (startup != null && (startup < 1 || startup > budget)) {
            throw new InvalidFieldException("startup", "must be an integer in [1, budget], got " + startup);
        }
        if (startup == null && modelBased(name)) {
            // a quarter of the budget, at least 4 designs to fit a model to and at most Optuna's 10
            startup = Math.min(budget, Math.max(4, Math.min(10, budget / 4)));
        }
        metric = metric == null && modelBased(name) ? Metric.top1 : metric;
        if (parallel != null && (parallel < 1 || parallel > budget)) {
            throw new InvalidFieldException("parallel", "must be an integer in [1, budget], got " + parallel);
        }
    }

    public SearchStrategy(Name name, Integer budget, Long seed) {
        this(name, budget, seed, null, null, null);
    }

    private static boolean modelBased(Name name) {
        return name == Name.BAYESIAN || name == Name.EVOLUTIONARY;
    }

    /** The designs proposed when the sweep is posted; the rest are proposed as results arrive. */
    public int proposedAtOnce() {
        return switch (name) {
            case RANDOM -> budget;
            case BAYESIAN, EVOLUTIONARY -> startup;
            case EXTERNAL -> 0;
        };
    }

    /** Whether the search goes on proposing after the sweep is posted. */
    public boolean asksAsResultsArrive() {
        return proposedAtOnce() < budget;
    }

    /** The sampler asked after the first designs. */
    public Sampler sampler() {
        return switch (name) {
            case RANDOM, EXTERNAL -> Sampler.RANDOM;
            case BAYESIAN -> new TpeSampler(startup);
            case EVOLUTIONARY -> new Nsga2Sampler(startup);
        };
    }
}
