package io.squeezenet.dse.model.training;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep's training as it is stored with the sweep and shown by the API: the one recipe every trial shares, its
 * fields at the top level, beside the {@code seeds} the trials run once each. Read strictly: a field the recipe
 * does not know (a renamed one, say) is refused, never dropped, so a stored sweep cannot silently train with a
 * default in its place.
 */
public record SweepTraining(TrainingRecipe recipe, List<Long> seeds) {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public SweepTraining {
        seeds = List.copyOf(seeds);
    }

    public static SweepTraining read(String json) {
        ObjectNode stored = (ObjectNode) STRICT.readTree(json);
        JsonNode seeds = stored.remove("seeds");
        List<Long> list = new ArrayList<>();
        if (seeds != null) {
            seeds.forEach(s -> list.add(s.asLong()));
        }
        return new SweepTraining(STRICT.treeToValue(stored, TrainingRecipe.class), list);
    }

    /** The stored form: the recipe's fields (its per-trial seed left out) and {@code seeds}. */
    public String write() {
        ObjectNode stored = STRICT.valueToTree(recipe);
        stored.remove("seed");
        stored.set("seeds", STRICT.valueToTree(seeds));
        return STRICT.writeValueAsString(stored);
    }
}
