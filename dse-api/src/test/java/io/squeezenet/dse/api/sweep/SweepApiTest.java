package io.squeezenet.dse.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SweepApiTest extends ApiTestSupport {

    @Autowired
    TrialQueue queue;

    static final String FASHION = "\"training\": {\"dataset\": \"fashion-mnist\", \"train_subset\": 5000, \"epochs\": 2}";

    JsonNode create(String body) throws Exception {
        HttpResponse<String> response = post("/api/v1/sweeps", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode sweep = json.readTree(response.body());
        assertThat(response.headers().firstValue("Location")).contains("/api/v1/sweeps/" + sweep.get("id").asLong());
        return sweep;
    }

    @Test
    void presetsExpandWithExactSizesAtOnce() throws Exception {
        JsonNode fig3a = create("{\"name\": \"Figure 3a\", \"preset\": \"fig3a\", " + FASHION + "}");
        assertThat(fig3a.get("status").asString()).isEqualTo("QUEUED");
        assertThat(fig3a.get("trial_count").asInt()).isEqualTo(5);
        List<Double> srs = new ArrayList<>();
        for (JsonNode t : fig3a.get("trials")) {
            JsonNode m = t.get("metaparameters");
            srs.add(m.get("sr").asDouble());
            Metaparameters mp = new Metaparameters(m.get("base_e").asInt(), m.get("incr_e").asInt(), m.get("freq").asInt(),
                    m.get("sr").asDouble(), m.get("pct_3x3").asDouble(), Bypass.parse(m.get("bypass").asString()));
            // the network trained: Fashion-MNIST padded to 1x32x32, small stem, 10 classes; and the paper's ImageNet one
            assertThat(t.get("params").asLong()).isEqualTo(Architecture.derive(mp, Stem.SMALL, new InputShape(1, 32, 32), 10).params());
            assertThat(t.get("size_bytes").asLong()).isEqualTo(4 * t.get("params").asLong());
            assertThat(t.get("imagenet_params").asLong()).isEqualTo(Architecture.imagenet(mp).params());
            assertThat(t.get("imagenet_size_bytes").asLong()).isEqualTo(Architecture.imagenet(mp).sizeBytes());
            assertThat(t.get("status").asString()).isEqualTo("QUEUED");
            assertThat(t.get("seed").asLong()).isEqualTo(42);
        }
        assertThat(srs).containsExactly(0.125, 0.25, 0.5, 0.75, 1.0);
        assertThat(fig3a.get("trials").get(0).get("imagenet_params").asLong()).isEqualTo(1_248_424);
        assertThat(fig3a.get("training").get("seeds").get(0).asLong()).isEqualTo(42);

        assertThat(create("{\"name\": \"3b\", \"preset\": \"fig3b\", " + FASHION + "}").get("trial_count").asInt()).isEqualTo(9);
        JsonNode table3 = create("{\"name\": \"Table 3\", \"preset\": \"table3\", " + FASHION + "}");
        assertThat(table3.get("trials").findValuesAsString("bypass")).containsExactly("none", "simple", "complex");
        assertThat(table3.get("trials").get(2).get("imagenet_params").asLong()).isEqualTo(1_589_672);
        assertThat(create("{\"name\": \"v1.0\", \"preset\": \"squeezenet\", " + FASHION + "}").get("trial_count").asInt()).isEqualTo(1);
    }

    @Test
    void aGridOverridesThePresetAndMultipliesBySeeds() throws Exception {
        JsonNode sweep = create("{\"name\": \"grid\", \"preset\": \"fig3a\", \"grid\": {\"sr\": [0.25, 0.5], \"bypass\": [\"none\", \"simple\"]},"
                + " \"training\": {\"dataset\": \"synthetic\", \"seeds\": [1, 2, 3]}}");
        assertThat(sweep.get("trial_count").asInt()).isEqualTo(2 * 2 * 3);
        JsonNode plain = create("{\"name\": \"grid only\", \"grid\": {\"pct_3x3\": [0.25, 0.75]}, \"training\": {\"dataset\": \"cifar100\"}}");
        assertThat(plain.get("trial_count").asInt()).isEqualTo(2);
        // CIFAR-100: 3x32x32 input and 100 classes in conv10
        Metaparameters m = Metaparameters.SQUEEZENET_V1_0.withPct3x3(0.25);
        assertThat(plain.get("trials").get(0).get("params").asLong())
                .isEqualTo(Architecture.derive(m, Stem.SMALL, new InputShape(3, 32, 32), 100).params());
    }

    /** v1.1 is a grid list like any metaparameter: stored, read back, sized, and a column of the results. */
    @Test
    void theVariantIsAGridListWithItsOwnExactSizes() throws Exception {
        JsonNode sweep = create("{\"name\": \"versions\", \"preset\": \"table3\", \"grid\": {\"bypass\": [\"none\"],"
                + " \"variant\": [\"v1.0\", \"v1.1\"]}, " + FASHION + "}");
        assertThat(sweep.get("trials").findValuesAsString("variant")).containsExactly("v1.0", "v1.1");
        assertThat(sweep.get("trials").findValues("imagenet_params").stream().map(JsonNode::asLong))
                .containsExactly(1_248_424L, 1_235_496L);
        long id = sweep.get("id").asLong();
        JsonNode stored = ok(get("/api/v1/sweeps/" + id + "/trials?sort=size")).get("content");
        assertThat(stored.get(0).get("metaparameters").get("variant").asString()).isEqualTo("v1.1");
        assertThat(stored.get(0).get("params").asLong()).isEqualTo(Architecture.derive(
                Metaparameters.SQUEEZENET_V1_1, Stem.SMALL, new InputShape(1, 32, 32), 10).params());
        String csv = get("/api/v1/sweeps/" + id + "/results.csv").body();
        assertThat(csv.lines().skip(1).map(l -> l.split(",")[10]).toList()).containsExactlyInAnyOrder("v1.0", "v1.1");
        problem(post("/api/v1/sweeps", "{\"name\": \"bad\", \"grid\": {\"variant\": [\"v2\"]}, " + FASHION + "}"),
                400, "grid.variant");
    }

    @Autowired
    SweepPlanner planner;

    /**
     * Results stored before v1.1 existed keep being reused: a v1.0 design's key is what it was then (the key bd02bc0
     * stored for this design and recipe; ReuseKeyTest has more).
     */
    @Test
    void aV10DesignIsKeyedAsBeforeTheVariantExisted() throws Exception {
        var recipe = io.squeezenet.dse.model.training.TrainingRecipe.of(io.squeezenet.dse.model.dataset.DatasetKind.SYNTHETIC);
        String key = "905aca98a31da34cf6693202596560e7929064f372cbaa62cd3708a30c08f0b4";
        assertThat(planner.recipeKey(Metaparameters.SQUEEZENET_V1_0, recipe)).isEqualTo(key);
        assertThat(planner.recipeKey(Metaparameters.SQUEEZENET_V1_1, recipe)).isNotEqualTo(key);
    }

    @Test
    void anIdempotencyKeyMakesARetriedPostReturnTheSameSweep() throws Exception {
        String body = "{\"name\": \"once\", \"preset\": \"squeezenet\", " + FASHION + "}";
        HttpResponse<String> first = post("/api/v1/sweeps", body, "Idempotency-Key", "nb-42");
        HttpResponse<String> retry = post("/api/v1/sweeps", body, "Idempotency-Key", "nb-42");
        assertThat(json.readTree(retry.body()).get("id")).isEqualTo(json.readTree(first.body()).get("id"));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(json.readTree(post("/api/v1/sweeps", body).body()).get("id")).isNotEqualTo(json.readTree(first.body()).get("id"));
    }

    /** The same key from several clients at once (a notebook retrying on a timeout): one sweep, every answer 201. */
    @Test
    void concurrentRequestsWithOneIdempotencyKeyMakeOneSweep() throws Exception {
        String body = "{\"name\": \"raced\", \"preset\": \"table3\", " + FASHION + "}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> post("/api/v1/sweeps", body, "Idempotency-Key", "raced-1")));
            }
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (var answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                ids.add(json.readTree(response.body()).get("id").asLong());
            }
            assertThat(ids).hasSize(1);
            assertThat(json.readTree(response(ids)).get("owner").asString()).isEqualTo("admin");
        } finally {
            pool.shutdownNow();
        }
    }

    private String response(java.util.Set<Long> ids) throws Exception {
        return get("/api/v1/sweeps/" + ids.iterator().next()).body();
    }

    @Test
    void listsFiltersSortsAndShowsOneTrialWithItsEpochs() throws Exception {
        long id = create("{\"name\": \"browse\", \"preset\": \"fig3b\", " + FASHION + "}").get("id").asLong();
        JsonNode page = ok(get("/api/v1/sweeps?size=2"));
        assertThat(page.get("content")).hasSize(2);
        assertThat(page.get("content").get(0).get("id").asLong()).as("newest first").isGreaterThanOrEqualTo(id);
        assertThat(page.get("page").get("totalElements").asLong()).isGreaterThanOrEqualTo(1);

        JsonNode bySize = ok(get("/api/v1/sweeps/" + id + "/trials?sort=size&size=3"));
        assertThat(bySize.get("content")).hasSize(3);
        List<Long> sizes = bySize.get("content").findValues("params").stream().map(JsonNode::asLong).toList();
        assertThat(sizes).isSorted();
        assertThat(bySize.get("page").get("totalElements").asInt()).isEqualTo(9);

        // a worker's claim and result, through the queue, show up in the API
        Claim claim = drainUntil(id);
        queue.recordEpoch(claim, 1, 1.5, 400, 0.61, 0.93);
        queue.complete(claim, 0.61, 0.93, "{\"top1\": 0.61}");
        JsonNode trial = ok(get("/api/v1/trials/" + claim.trialId()));
        assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(trial.get("top1").asDouble()).isEqualTo(0.61);
        assertThat(trial.get("epochs")).hasSize(1);
        assertThat(trial.get("epochs").get(0).get("images_per_second").asDouble()).isEqualTo(400);
        assertThat(trial.get("result").get("top1").asDouble()).isEqualTo(0.61);
        assertThat(trial.get("worker").asString()).isEqualTo("test-worker");

        JsonNode succeeded = ok(get("/api/v1/sweeps/" + id + "/trials?status=succeeded"));
        assertThat(succeeded.get("content")).hasSize(1);
        JsonNode best = ok(get("/api/v1/sweeps/" + id + "/trials?sort=accuracy&size=1"));
        assertThat(best.get("content").get(0).get("id").asLong()).isEqualTo(claim.trialId());
        JsonNode sweep = ok(get("/api/v1/sweeps/" + id));
        assertThat(sweep.get("status").asString()).isEqualTo("RUNNING");
        assertThat(sweep.get("counts").get("SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(sweep.get("progress").asDouble()).isCloseTo(1.0 / 9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(sweep.get("eta_seconds").isNumber()).isTrue();
        JsonNode listed = java.util.stream.StreamSupport.stream(ok(get("/api/v1/sweeps?size=100")).get("content").spliterator(), false)
                .filter(s -> s.get("id").asLong() == id).findFirst().orElseThrow();
        assertThat(listed.get("counts")).isEqualTo(sweep.get("counts"));
        assertThat(listed.get("eta_seconds")).isEqualTo(sweep.get("eta_seconds"));
        assertThat(listed.get("trial_count").asInt()).isEqualTo(9);
    }

    /** Claims until it gets a trial of this sweep (older test sweeps are ahead in the queue): cancel those. */
    private Claim drainUntil(long sweepId) {
        while (true) {
            Claim c = queue.claim("test-worker", Duration.ofMinutes(5)).orElseThrow();
            if (c.sweepId() == sweepId) {
                return c;
            }
            queue.cancelSweep(c.sweepId());
        }
    }

    @Test
    void cancelRetryAndDelete() throws Exception {
        long id = create("{\"name\": \"stop\", \"preset\": \"table3\", " + FASHION + "}").get("id").asLong();
        problem(delete("/api/v1/sweeps/" + id), 409, null);
        JsonNode cancelled = ok(post("/api/v1/sweeps/" + id + "/cancel", null));
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("counts").get("CANCELLED").asInt()).isEqualTo(3);
        problem(post("/api/v1/sweeps/" + id + "/retry-failed", null), 409, null);
        assertThat(delete("/api/v1/sweeps/" + id).statusCode()).isEqualTo(204);
        problem(get("/api/v1/sweeps/" + id), 404, null);
    }

    @Test
    void resultsComeAsCsvForPandasAndAsJson() throws Exception {
        long id = create("{\"name\": \"results\", \"preset\": \"fig3a\", " + FASHION + "}").get("id").asLong();
        HttpResponse<String> csv = get("/api/v1/sweeps/" + id + "/results.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = csv.body().strip().split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("sweep_id,trial_id,status,attempt,base_e,incr_e,freq,sr,pct_3x3,bypass,variant,seed,params,size_bytes");
        assertThat(lines[1]).contains(",QUEUED,0,128,128,2,0.125,0.5,none,v1.0,42,727306,2909224,");
        JsonNode rows = ok(get("/api/v1/sweeps/" + id + "/results.json"));
        assertThat(rows).hasSize(5);
        assertThat(rows.get(4).get("imagenet_params").asLong()).isEqualTo(6_279_016);
        problem(get("/api/v1/sweeps/999999/results.csv"), 404, null);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /**
     * Larger designs take longer: the ETA counts each remaining trial by its size, on the line through the trials
     * trained so far, so the two largest of fig3a finished (claims take the largest first) do not predict the three
     * smaller ones at their mean. Progress
     * counts trials that ran, so a cancelled sweep is not "done"; the results carry the recipe and images/s.
     */
    @Test
    void theEtaCountsEachRemainingTrialBySizeAndProgressCountsWorkDone() throws Exception {
        long id = create("{\"name\": \"eta\", \"preset\": \"fig3a\", " + FASHION + "}").get("id").asLong();
        List<Long> params = new ArrayList<>();
        for (JsonNode t : ok(get("/api/v1/sweeps/" + id + "/trials")).get("content")) {
            params.add(t.get("params").asLong());
        }
        assertThat(params).isSorted().hasSize(5);
        for (int i = 0; i < 2; i++) {
            Claim c = drainUntil(id);
            queue.complete(c, 0.8, 0.99, json.writeValueAsString(new io.squeezenet.dse.model.training.TrialResult(
                    Metaparameters.SQUEEZENET_V1_0, null, 1, 4, 0, 1, 1, 4, 0.8, 0.99, 100, 10, List.of(), 1.0, 512.5, 900,
                    "cpu()", 2, "0.36.0", "2.7.1")));
            // seconds = 20 + 2e-5 x params
            double seconds = 20 + 2e-5 * jdbc.queryForObject("SELECT params FROM trials WHERE id = ?", Long.class, c.trialId());
            jdbc.update("UPDATE trials SET started_at = finished_at - make_interval(secs => ?) WHERE id = ?", seconds, c.trialId());
        }
        JsonNode sweep = ok(get("/api/v1/sweeps/" + id));
        double expected = params.subList(0, 3).stream().mapToDouble(p -> 20 + 2e-5 * p).sum();
        assertThat(sweep.get("eta_seconds").asDouble()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(sweep.get("progress").asDouble()).isEqualTo(0.4);

        String[] csv = get("/api/v1/sweeps/" + id + "/results.csv").body().strip().split("\n");
        List<String> header = List.of(csv[0].split(","));
        // a finished trial's row: claims took the largest first, so the rows of the first ids are still queued
        List<String> first = java.util.Arrays.stream(csv).skip(1).map(l -> List.of(l.split(",", -1)))
                .filter(r -> r.get(header.indexOf("status")).equals("SUCCEEDED")).findFirst().orElseThrow();
        java.util.function.Function<String, String> cell = name -> first.get(header.indexOf(name));
        assertThat(cell.apply("images_per_second")).isEqualTo("512.5");
        assertThat(cell.apply("dataset")).isEqualTo("fashion-mnist");
        assertThat(cell.apply("train_subset")).isEqualTo("5000");
        assertThat(cell.apply("test_subset")).isEmpty();
        assertThat(cell.apply("epochs")).isEqualTo("2");
        assertThat(cell.apply("optimizer")).isEqualTo("adam");
        assertThat(cell.apply("input_size")).isEqualTo("1x32x32");
        assertThat(cell.apply("norm")).isEqualTo("squeeze");
        assertThat(header).contains("batch_size", "learning_rate", "stem", "schedule", "recipe");
        assertThat(List.of(csv[3].split(",", -1)).get(header.indexOf("images_per_second"))).isEmpty();

        JsonNode cancelled = ok(post("/api/v1/sweeps/" + id + "/cancel", null));
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("progress").asDouble()).isEqualTo(0.4);
        assertThat(cancelled.has("eta_seconds")).isFalse();
        JsonNode untouched = ok(post("/api/v1/sweeps/" + create("{\"name\": \"never ran\", \"preset\": \"table3\", "
                + FASHION + "}").get("id").asLong() + "/cancel", null));
        assertThat(untouched.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(untouched.get("progress").asDouble()).isEqualTo(0.0);
    }

    /** Timestamps come from the database's clock: a sweep and its trials, created in one transaction, share one. */
    @Test
    void timestampsComeFromTheDatabaseClock() throws Exception {
        JsonNode sweep = create("{\"name\": \"clock\", \"preset\": \"fig3a\", " + FASHION + "}");
        long id = sweep.get("id").asLong();
        java.time.OffsetDateTime created = jdbc.queryForObject("SELECT created_at FROM sweeps WHERE id = ?",
                java.time.OffsetDateTime.class, id);
        assertThat(jdbc.queryForList("SELECT DISTINCT queued_at FROM trials WHERE sweep_id = ?",
                java.time.OffsetDateTime.class, id)).containsExactly(created);
        assertThat(java.time.OffsetDateTime.parse(sweep.get("created_at").asString()).toInstant())
                .isEqualTo(created.toInstant());
    }

    @Autowired
    io.squeezenet.dse.db.worker.WorkerRegistry workers;

    @Test
    void listsTheWorkersWithTheirLastHeartbeat() throws Exception {
        workers.register("gpu-box-7", "gpu-box", 2, "2 gpu");
        JsonNode list = ok(get("/api/v1/workers"));
        JsonNode box = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .filter(w -> w.get("name").asString().equals("gpu-box-7")).findFirst().orElseThrow();
        assertThat(box.get("threads").asInt()).isEqualTo(2);
        assertThat(box.get("alive").asBoolean()).isTrue();
        assertThat(box.has("last_heartbeat_at")).isTrue();
    }

    @Test
    void unknownIdsAre404AndMetricsAreExported() throws Exception {
        problem(get("/api/v1/sweeps/987654"), 404, null);
        problem(get("/api/v1/trials/987654"), 404, null);
        problem(get("/api/v1/sweeps/abc"), 400, null);
        create("{\"name\": \"metrics\", \"preset\": \"squeezenet\", " + FASHION + "}");
        String prometheus = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/actuator/prometheus")).header("Authorization", "Bearer " + adminToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();   // metrics are for admins
        assertThat(prometheus.lines().filter(l -> l.startsWith("dse_")).toList()).as(prometheus).isNotEmpty();
        assertThat(prometheus).contains("dse_sweeps_submitted_total", "dse_trials_enqueued_total", "dse_trials{status=\"queued\"}");
        assertThat(ok(get("/v3/api-docs")).get("paths").has("/api/v1/sweeps")).isTrue();
    }
}
