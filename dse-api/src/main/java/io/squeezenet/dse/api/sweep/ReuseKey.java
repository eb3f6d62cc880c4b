package io.squeezenet.dse.api.sweep;

import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.training.TrainingRecipe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The key under which a finished trial's result is found again: identical design, recipe and seed give the same
 * key. Version 1 is the form the first results were stored under, kept byte for byte so they stay reusable: the
 * SHA-256 of {@code [design, recipe]} as JSON, the recipe's fields in {@link #V1_FIELDS}' order with the placement
 * fields it held then at their neutral values, a v1.0 design without its variant (keyed as before v1.1 existed). A
 * recipe field added later enters the key only when its value differs from the one in {@link #ADDED}, so adding a
 * field keeps every key made before; without that list, a new field would silently stop every reuse.
 */
final class ReuseKey {

    static final List<String> V1_FIELDS = List.of("dataset", "train_subset", "test_subset", "input_size", "stem",
            "epochs", "batch_size", "optimizer", "learning_rate", "init", "seed", "threads", "device", "augment",
            "data_dir", "recipe", "schedule", "warmup_epochs", "clip_grad_norm", "weight_decay", "norm");

    /** Fields version 1 keyed that are no longer the recipe's (now {@code Placement}'s), at the values it keyed. */
    static final Map<String, JsonNode> RETIRED = Map.of("threads", IntNode.valueOf(0), "device", StringNode.valueOf("auto"));

    /** Recipe fields added since version 1, each with the value that leaves a key as it was (its default). */
    static final Map<String, JsonNode> ADDED = Map.of();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReuseKey() {
    }

    static String of(Metaparameters m, TrainingRecipe recipe) {
        ObjectNode design = JSON.valueToTree(m);
        if (m.variant() == Variant.V1_0) {
            design.remove("variant");
        }
        return of(design, JSON.valueToTree(recipe), ADDED);
    }

    /** On the JSON forms, with the later fields' neutral values given (so a test can add one). */
    static String of(ObjectNode design, ObjectNode recipe, Map<String, JsonNode> added) {
        ObjectNode canonical = JSON.createObjectNode();
        for (String field : V1_FIELDS) {
            JsonNode value = RETIRED.containsKey(field) ? RETIRED.get(field) : recipe.get(field);
            if (value == null) {
                throw new IllegalStateException("the recipe has no field " + field + ": version 1 keys need it");
            }
            canonical.set(field, value);
        }
        Map<String, JsonNode> later = new TreeMap<>();   // a fixed order, whatever the record's
        for (Map.Entry<String, JsonNode> field : recipe.properties()) {
            String name = field.getKey();
            if (!V1_FIELDS.contains(name) && !field.getValue().equals(added.get(name))) {
                later.put(name, field.getValue());
            }
        }
        later.forEach(canonical::set);
        try {
            byte[] bytes = JSON.writeValueAsString(List.of(design, canonical)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
