package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.dataset.DatasetKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class SweepTrainingTest {

    @Test
    void roundTripsTheRecipeAndItsSeeds() {
        TrainingRecipe recipe = new TrainingRecipe(DatasetKind.SYNTHETIC, 320, 100, null, null, 2, 32, null, 3e-4, null,
                null, null, null, null, null, null, null, null, null, null, Norm.batch);
        SweepTraining stored = new SweepTraining(recipe, List.of(1L, 2L));
        String json = stored.write();
        assertThat(json).contains("\"seeds\":[1,2]").doesNotContain("\"seed\":");
        SweepTraining read = SweepTraining.read(json);
        assertThat(read.seeds()).containsExactly(1L, 2L);
        assertThat(read.recipe().learningRate()).isEqualTo(3e-4);
        assertThat(read.recipe().norm()).isEqualTo(Norm.batch);
        assertThat(read.recipe().trainSubset()).isEqualTo(320);
    }

    /** A renamed or misspelt field is refused, not dropped for the default. */
    @Test
    void refusesAFieldTheRecipeDoesNotKnow() {
        assertThatThrownBy(() -> SweepTraining.read("{\"dataset\": \"synthetic\", \"learning_rte\": 0.1, \"seeds\": [1]}"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("learning_rte");
    }
}
