package io.squeezenet.dse.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.network.Norm;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class SweepTrainingTest {

    @Test
    void roundTripsTheRecipeAndItsSeeds() {
        TrainingRecipe recipe = TrainingRecipe.builder(DatasetKind.SYNTHETIC).trainSubset(320).testSubset(100).epochs(2)
                .batchSize(32).learningRate(3e-4).norm(Norm.batch).build();
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

    /**
     * A sweep stored before placement left the recipe (bd02bc0's SweepTraining.write, verbatim) reads as the same
     * recipe: its threads and device were always the neutral 0 and auto, and are dropped.
     */
    @Test
    void readsASweepStoredWhenTheRecipeHeldThreadsAndDevice() {
        String stored = "{\"dataset\":\"fashion-mnist\",\"train_subset\":1000,\"test_subset\":300,\"input_size\":\"1x32x32\","
                + "\"stem\":\"small\",\"epochs\":2,\"batch_size\":64,\"optimizer\":\"sgd\",\"learning_rate\":0.005,"
                + "\"init\":\"paper\",\"threads\":0,\"device\":\"auto\",\"augment\":false,\"data_dir\":null,\"recipe\":\"paper\","
                + "\"schedule\":\"poly\",\"warmup_epochs\":0.0,\"clip_grad_norm\":0.0,\"weight_decay\":2.0E-4,\"norm\":\"none\","
                + "\"seeds\":[1,2]}";
        SweepTraining read = SweepTraining.read(stored);
        TrainingRecipe same = TrainingRecipe.builder(DatasetKind.FASHION_MNIST).trainSubset(1000).testSubset(300).epochs(2)
                .optimizer(OptimizerKind.SGD).build();
        assertThat(read.recipe().withSeed(0)).isEqualTo(same.withSeed(0));
        assertThat(read.seeds()).containsExactly(1L, 2L);
        assertThat(read.write()).doesNotContain("threads", "device");
    }
}
