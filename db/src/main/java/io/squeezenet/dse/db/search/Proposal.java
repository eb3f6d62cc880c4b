package io.squeezenet.dse.db.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.architecture.Labels;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * One design a sweep's search proposed, in the order proposed ({@code number} from 1), who proposed it and what became
 * of it: queued for training, or refused by a constraint ({@code reason}) without training.
 */
public record Proposal(long sweepId, int number, Origin origin, Metaparameters metaparameters, Outcome outcome,
                       String reason, OffsetDateTime proposedAt) {

    /** The sampler that proposed it: a seeded random draw, TPE, NSGA-II, or a client's own sampler (Optuna). */
    public enum Origin {
        RANDOM, TPE, NSGA2, EXTERNAL;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Origin parse(String text) {
            return Labels.parse(values(), Origin::label, text, "origin");
        }
    }

    public enum Outcome {
        QUEUED, CONSTRAINED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome parse(String text) {
            return Labels.parse(values(), Outcome::label, text, "outcome");
        }
    }
}
