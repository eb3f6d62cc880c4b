package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.Locale;

/** The optimizers a recipe can name, each with its default learning rate. */
public enum OptimizerKind {
    /**
     * Adam at 1e-3: trains the paper's network from scratch on small data reliably (measured, docs/architecture.md).
     */
    ADAM(1e-3),
    /** The paper's solver: momentum 0.9, weight decay 2e-4, learning rate decayed linearly ("poly", power 1) to 0. */
    SGD(0.04);

    public static final float SGD_MOMENTUM = 0.9f;
    public static final double SGD_WEIGHT_DECAY = 2e-4;

    private final double defaultLearningRate;

    OptimizerKind(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OptimizerKind parse(String text) {
        return Labels.parse(values(), OptimizerKind::label, text, "optimizer");
    }

    @Override
    public String toString() {
        return label();
    }
}
