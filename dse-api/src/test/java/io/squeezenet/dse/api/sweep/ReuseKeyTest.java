package io.squeezenet.dse.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.OptimizerKind;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.ObjectNode;

/** Results stay reusable across versions: the key is canonical and versioned, not Jackson's field order. */
class ReuseKeyTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final TrainingRecipe PAPER_SGD = TrainingRecipe.builder(DatasetKind.FASHION_MNIST).trainSubset(1000)
            .testSubset(300).epochs(2).optimizer(OptimizerKind.SGD).seed(7L).build();

    /**
     * Keys stored by bd02bc0 (its SweepPlanner.recipeKey run on these designs and recipes, when the recipe still held
     * threads and device): the same designs and recipes find them.
     */
    @Test
    void keysStoredBeforePlacementLeftTheRecipeAreFoundAgain() {
        TrainingRecipe synthetic = TrainingRecipe.of(DatasetKind.SYNTHETIC).withSeed(1);
        assertThat(ReuseKey.of(Metaparameters.SQUEEZENET_V1_0, synthetic))
                .isEqualTo("c327785f76cda0c90042b92f62daf7933dfadfddfcd8a36858be41314fd14a47");
        assertThat(ReuseKey.of(Metaparameters.SQUEEZENET_V1_1, synthetic))
                .isEqualTo("7c085a17e6f9eee4b26afd27e8b4b66bc12d5cc6c21115081637df30c23bb001");
        assertThat(ReuseKey.of(new Metaparameters(128, 128, 2, 0.25, 0.5, Bypass.SIMPLE), PAPER_SGD))
                .isEqualTo("978b756b12c4beb708a1c3b46b32e6141732655705a51dd8abccc3ef7b1fea67");
    }

    @Test
    void aFieldAddedWithItsDefaultKeepsEveryKeyAndChangesItOtherwise() {
        ObjectNode design = JSON.valueToTree(Metaparameters.SQUEEZENET_V1_0);
        design.remove("variant");
        ObjectNode recipe = JSON.valueToTree(PAPER_SGD);
        String before = ReuseKey.of(design, recipe, Map.of());
        assertThat(before).isEqualTo(ReuseKey.of(Metaparameters.SQUEEZENET_V1_0, PAPER_SGD));

        Map<String, tools.jackson.databind.JsonNode> added = Map.of("label_smoothing", DoubleNode.valueOf(0.0));
        ObjectNode withDefault = recipe.deepCopy().put("label_smoothing", 0.0);
        assertThat(ReuseKey.of(design, withDefault, added)).as("the new field at its default").isEqualTo(before);
        ObjectNode changed = recipe.deepCopy().put("label_smoothing", 0.1);
        assertThat(ReuseKey.of(design, changed, added)).as("the new field set").isNotEqualTo(before);
        assertThat(ReuseKey.of(design, withDefault, Map.of())).as("a new field left out of ADDED").isNotEqualTo(before);
    }

    @Test
    void theFieldsOrderInTheRecordDoesNotMatter() {
        ObjectNode design = JSON.valueToTree(Metaparameters.SQUEEZENET_V1_0);
        ObjectNode recipe = JSON.valueToTree(PAPER_SGD);
        ObjectNode reversed = JSON.createObjectNode();
        java.util.List<String> names = new java.util.ArrayList<>(recipe.propertyNames());
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.set(n, recipe.get(n)));
        assertThat(ReuseKey.of(design, reversed, Map.of())).isEqualTo(ReuseKey.of(design, recipe, Map.of()));
    }
}
