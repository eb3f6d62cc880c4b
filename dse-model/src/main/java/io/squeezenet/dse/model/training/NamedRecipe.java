package io.squeezenet.dse.model.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.Locale;

/**
 * A recipe by name: the defaults every field of a {@link TrainingRecipe} not given explicitly takes. The choice of
 * {@code default} was measured (docs/recipe.md); {@code paper} is the paper's Caffe solver.
 */
public enum NamedRecipe {
    /** Adam at 1e-3, linear warm-up then cosine decay, batch norm after the squeeze layers: trains every design of Figure 3 and Table 3. */
    DEFAULT,
    /** SGD momentum 0.9, weight decay 2e-4, poly (linear) decay, Caffe xavier init, lr 0.04 at batch 512 scaled linearly. */
    PAPER;

    /** The paper's base learning rate and the batch it was set for (linear scaling rule to other batches). */
    public static final double PAPER_LEARNING_RATE = 0.04;
    public static final int PAPER_BATCH = 512;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NamedRecipe parse(String text) {
        return Labels.parse(values(), NamedRecipe::label, text, "recipe");
    }

    @Override
    public String toString() {
        return label();
    }
}
