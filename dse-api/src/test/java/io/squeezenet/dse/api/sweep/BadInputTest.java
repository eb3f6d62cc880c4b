package io.squeezenet.dse.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import io.squeezenet.dse.api.RandomJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Every malformed request gets a 4xx problem naming the field, never a 500. */
class BadInputTest extends ApiTestSupport {

    static final String T = "\"training\": {\"dataset\": \"synthetic\"}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`` | body",
            "`{\"name\": ` | body",
            "`[1, 2]` | body",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\"}, \"colour\": \"red\"}` | colour",
            "`{\"name\": \"x\", \"grid\": {\"sr\": \"half\"}, " + T + "}` | grid.sr",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [\"half\"]}, " + T + "}` | grid.sr[0]",
            "`{\"name\": \"x\", \"grid\": {\"base_e\": [1.5]}, " + T + "}` | grid.base_e[0]",
            "`{\"name\": \"x\", \"grid\": {\"sr\": []}, " + T + "}` | grid.sr",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [null]}, " + T + "}` | grid.sr",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [0]}, " + T + "}` | grid.sr",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [\"NaN\"]}, " + T + "}` | grid.sr",
            "`{\"name\": \"x\", \"grid\": {\"pct_3x3\": [1.5]}, " + T + "}` | grid.pct_3x3",
            "`{\"name\": \"x\", \"grid\": {\"base_e\": [0]}, " + T + "}` | grid.base_e",
            "`{\"name\": \"x\", \"grid\": {\"incr_e\": [99999]}, " + T + "}` | grid.incr_e",
            "`{\"name\": \"x\", \"grid\": {\"freq\": [1], \"bypass\": [\"simple\"]}, " + T + "}` | grid.bypass",
            "`{\"name\": \"x\", \"grid\": {\"bypass\": [\"diagonal\"]}, " + T + "}` | grid.bypass",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], \"pct_3x3\": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], \"base_e\": [64, 128, 256, 32, 16, 8]}, " + T + "}` | grid",
            "`{\"name\": \"x\", \"preset\": \"fig9\", " + T + "}` | preset",
            "`{\"name\": \"\", " + T + "}` | name",
            "`{" + T + "}` | name",
            "`{\"name\": \"x\"}` | training",
            "`{\"name\": \"x\", \"training\": {}}` | training.dataset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"imagenet\"}}` | training.dataset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"epochs\": 0}}` | training.epochs",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"epochs\": \"two\"}}` | training.epochs",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"batch_size\": -1}}` | training.batch_size",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"learning_rate\": \"NaN\"}}` | training.learning_rate",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"optimizer\": \"rmsprop\"}}` | training.optimizer",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"stem\": \"big\"}}` | training.stem",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"input_size\": \"3x8x8\", \"stem\": \"paper\"}}` | training.input_size",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"input_size\": \"huge\"}}` | training.input_size",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"seeds\": []}}` | training.seeds",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"seeds\": [1, 1]}}` | training.seeds",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"train_subset\": 0}}` | training.train_subset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"train_subset\": 5000}}` | training.train_subset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"test_subset\": 501}}` | training.test_subset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"fashion-mnist\", \"train_subset\": 60001}}` | training.train_subset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"cifar10\", \"test_subset\": 10001}}` | training.test_subset",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"init\": \"zeros\"}}` | training.init",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"folder\"}}` | training.data_dir",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"folder\", \"data_dir\": \"../../etc\"}}` | training.data_dir",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"folder\", \"data_dir\": \"/etc\"}}` | training.data_dir",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"folder\", \"data_dir\": \"missing\"}}` | training.data_dir",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"cifar10\", \"data_dir\": \"x\"}}` | training.data_dir",
            "`{\"name\": \"x\", \"max_attempts\": 0, " + T + "}` | max_attempts",
            "`{\"name\": \"x\", \"priority\": 0, " + T + "}` | priority",
            "`{\"name\": \"x\", \"priority\": 11, " + T + "}` | priority",
    })
    void refused(String body, String field) throws Exception {
        problem(post("/api/v1/sweeps", body), 400, field);
    }

    /** Wrong types are refused, not coerced, and every refusal says field, given and expected in the API's words. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"epochs\": \"2\"}}` | training.epochs | expected an integer, got the string \"2\"",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"epochs\": 2.5}}` | training.epochs | expected an integer, got 2.5",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"learning_rate\": \"0.01\"}}` | training.learning_rate | expected a number, got the string \"0.01\"",
            "`{\"name\": \"x\", \"training\": {\"dataset\": 7}}` | training.dataset | must be one of [fashion-mnist, cifar10, cifar100, folder, synthetic]",
            "`{\"name\": true, " + T + "}` | name | expected a string, got true",
            "`{\"name\": \"x\", \"reuse_results\": \"yes\", " + T + "}` | reuse_results | expected true or false, got the string \"yes\"",
            "`{\"name\": \"x\", \"reuse_results\": 1, " + T + "}` | reuse_results | expected true or false, got 1",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"norm\": 1}}` | training.norm | expected one of [none, squeeze, batch], got 1",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"seeds\": 1}}` | training.seeds | expected a list of integers, e.g. [1]",
            "`{\"name\": \"x\", \"grid\": {\"sr\": 0.5}, " + T + "}` | grid.sr | expected a list of numbers, e.g. [0.5]",
            "`{\"name\": \"x\", \"grid\": {\"bypass\": \"simple\"}, " + T + "}` | grid.bypass | expected a list of strings, e.g. [\"simple\"]",
            "`{\"name\": \"x\", \"grid\": {\"sr\": \"half\"}, " + T + "}` | grid.sr | expected a list of numbers, got the string \"half\"",
            "`{\"name\": \"x\", \"grid\": {\"base_e\": [\"64\"]}, " + T + "}` | grid.base_e[0] | expected an integer, got the string \"64\"",
            "`{\"name\": \"x\", \"grid\": {\"sr\": [0.5, \"1\"]}, " + T + "}` | grid.sr[1] | expected a number, got the string \"1\"",
            "`{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\", \"train_subet\": 100}}` | training.train_subet | unknown field \"train_subet\"; did you mean train_subset?",
            "`{\"name\": \"x\", \"grdi\": {}, " + T + "}` | grdi | unknown field \"grdi\"; did you mean grid?",
            "`{\"name\": \"x\", \"colour\": \"red\", " + T + "}` | colour | unknown field \"colour\" Valid fields: compression, constraints, grid, keep_weights, max_attempts, name, preset, priority, pruner, reuse_results, space, strategy, training.",
            "`[1, 2]` | body | expected a JSON object",
            "`{\"name\": ` | body | not valid JSON",
    })
    void wrongTypesAreRefusedInTheApisWords(String body, String field, String detail) throws Exception {
        assertThat(problem(post("/api/v1/sweeps", body), 400, field).get("detail").asString()).startsWith(field + ": " + detail);
    }

    @Test
    void longNamesWrongMediaTypesAndBadPagesAreRefusedToo() throws Exception {
        problem(post("/api/v1/sweeps", "{\"name\": \"" + "n".repeat(201) + "\", " + T + "}"), 400, "name");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + T + "}", "Idempotency-Key", "k".repeat(201)), 400, "Idempotency-Key");
        JsonNode nul = problem(post("/api/v1/sweeps", "{\"name\": \"a\\u0000b\", " + T + "}"), 400, "name");
        assertThat(nul.get("detail").asString()).contains("control characters", "U+0000");
        problem(post("/api/v1/sweeps", "{\"name\": \"bell\\u0007\", " + T + "}"), 400, "name");
        HttpResponse<String> text = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/sweeps")).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + adminToken()).POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        problem(text, 415, null);
        problem(get("/api/v1/sweeps?size=0"), 400, "size");
        problem(get("/api/v1/sweeps?page=-1"), 400, "page");
        long id = json.readTree(post("/api/v1/sweeps", "{\"name\": \"sorted\", " + T + "}").body()).get("id").asLong();
        problem(get("/api/v1/sweeps/" + id + "/trials?sort=colour"), 400, "sort");
        problem(get("/api/v1/sweeps/" + id + "/trials?status=lost"), 400, "status");
    }

    /**
     * Caps on what one trial may ask of a worker, refused at submit with the field and the limit: parameters, and the
     * estimated memory of one training step (batch x activations, checked arithmetic), even where that overflows.
     */
    @Test
    void designsAndBatchesOverTheResourceCapsAreRefusedAtSubmit() throws Exception {
        JsonNode params = problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"grid\": {\"base_e\": [4096], \"incr_e\": [0],"
                + " \"sr\": [1.0]}, " + T + "}"), 400, "grid");
        assertThat(params.get("detail").asString()).contains("parameters", "the limit is 100,000,000");
        JsonNode memory = problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"training\": {\"dataset\": \"synthetic\","
                + " \"input_size\": \"3x1024x1024\", \"batch_size\": 512}}"), 400, "training.batch_size");
        assertThat(memory.get("detail").asString()).contains("GiB", "per-trial budget of 8.0 GiB", "smaller batch_size");
        JsonNode overflow = problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"grid\": {\"base_e\": [8192], \"incr_e\": [0],"
                + " \"sr\": [0.01], \"freq\": [1]}, \"training\": {\"dataset\": \"synthetic\", \"input_size\": \"64x4096x4096\","
                + " \"stem\": \"small\", \"batch_size\": 4096}}"), 400, null);
        assertThat(overflow.get("field").asString()).isIn("grid", "training.batch_size");
        // the same design with a batch that fits is accepted
        ok(post("/api/v1/sweeps", "{\"name\": \"fits\", \"training\": {\"dataset\": \"synthetic\","
                + " \"input_size\": \"3x1024x1024\", \"batch_size\": 4}}"));
    }

    /** Bodies over the cap get 413 before they are read: with a declared length, and sent chunked without one. */
    @Test
    void bodiesOverTheLimitGet413() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(1_100_000) + "\", " + T + "}";
        JsonNode declared = problem(post("/api/v1/sweeps", big), 413, null);
        assertThat(declared.get("detail").asString()).contains("limit is 1048576 bytes");
        HttpResponse<String> chunked = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/sweeps"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        problem(chunked, 413, "body");
    }

    @Value("${dse.data-dir}")
    Path dataDir;

    @Test
    void aFolderInsideTheDatasetsDirectoryIsAccepted() throws Exception {
        Path root = dataDir.resolve("datasets").resolve("pets");
        Files.createDirectories(root.resolve("cat"));
        Files.createDirectories(root.resolve("dog"));
        Files.createDirectories(root.resolve("eel"));
        HttpResponse<String> created = post("/api/v1/sweeps",
                "{\"name\": \"pets\", \"training\": {\"dataset\": \"folder\", \"data_dir\": \"pets\", \"input_size\": \"3x64x64\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // conv10 has one filter per class subfolder: 3
        assertThat(json.readTree(created.body()).get("trials").get(0).get("params").asLong())
                .isEqualTo(io.squeezenet.dse.model.architecture.Architecture.derive(
                        io.squeezenet.dse.model.architecture.Metaparameters.SQUEEZENET_V1_0,
                        io.squeezenet.dse.model.architecture.Stem.SMALL,
                        new io.squeezenet.dse.model.architecture.InputShape(3, 64, 64), 3).params());
    }

    /** Thousands of random bodies, valid and not: none may produce a 5xx. */
    @Test
    void randomBodiesNeverCauseA5xx() throws Exception {
        Random random = new Random(1602);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String body = RandomJson.body(random);
            HttpResponse<String> response = post("/api/v1/sweeps", body);
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + body + " -> " + response.body());
            } else if (response.statusCode() >= 400) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(body).startsWith("application/problem+json");
                assertThat(json.readTree(response.body()).path("detail").asString()).as(body).doesNotContainPattern(JAVA_NAMES);
            }
        }
        assertThat(failures).isEmpty();
    }
}
