package io.squeezenet.dse.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Random search over a space, with size limits checked when the sweep is planned, never by training. */
class SearchApiTest extends ApiTestSupport {

    static final String SPACE = "\"space\": {\"sr\": {\"min\": 0.125, \"max\": 1.0}, \"pct_3x3\": {\"min\": 0.01, \"max\": 0.99},"
            + " \"bypass\": [\"none\", \"simple\", \"complex\"], \"base_e\": {\"min\": 64, \"max\": 256, \"step\": 32}}";
    static final String TRAINING = "\"training\": {\"dataset\": \"fashion-mnist\", \"train_subset\": 5000, \"epochs\": 2}";
    static final double MIB = 1024.0 * 1024.0;

    JsonNode create(String body) throws Exception {
        var response = post("/api/v1/sweeps", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    static List<String> designs(JsonNode sweep) {
        List<String> designs = new ArrayList<>();
        sweep.get("trials").forEach(t -> designs.add(t.get("metaparameters").toString()));
        return designs;
    }

    @Test
    void aSeededRandomSearchKeepsTheBudgetWithinTheSizeLimitAndRepeatsItself() throws Exception {
        String body = "{\"name\": \"random\", " + SPACE + ", \"strategy\": {\"name\": \"random\", \"budget\": 6, \"seed\": 1},"
                + " \"constraints\": {\"size_mib_max\": 3}, " + TRAINING + "}";
        JsonNode sweep = create(body);
        assertThat(sweep.get("trial_count").asInt()).isEqualTo(6);
        for (JsonNode t : sweep.get("trials")) {
            assertThat(t.get("size_bytes").asLong() / MIB).as(t.toString()).isLessThanOrEqualTo(3.0);
            JsonNode m = t.get("metaparameters");
            assertThat(m.get("sr").asDouble()).isBetween(0.125, 1.0);
            assertThat(m.get("pct_3x3").asDouble()).isBetween(0.01, 0.99);
            assertThat((m.get("base_e").asInt() - 64) % 32).isZero();
        }
        assertThat(designs(sweep)).doesNotHaveDuplicates();
        JsonNode search = sweep.get("search");
        assertThat(search.get("strategy").get("name").asString()).isEqualTo("random");
        assertThat(search.get("designs").asInt()).isEqualTo(6);
        assertThat(search.get("proposals").asInt()).isEqualTo(6 + search.get("rejected_by_constraints").asInt()
                + search.get("rejected_invalid").asInt() + search.get("duplicates").asInt());
        assertThat(search.get("rejected_by_constraints").asInt()).as("the space holds designs over 3 MiB").isPositive();

        assertThat(designs(create(body))).as("the same request proposes the same designs").isEqualTo(designs(sweep));
        assertThat(designs(create(body.replace("\"seed\": 1", "\"seed\": 2")))).isNotEqualTo(designs(sweep));
        JsonNode stored = ok(get("/api/v1/sweeps/" + sweep.get("id").asLong()));
        assertThat(stored.get("search")).isEqualTo(search);
        JsonNode preview = ok(post("/api/v1/sweeps/preview", body));
        assertThat(preview.get("search").get("proposals").asInt()).isEqualTo(search.get("proposals").asInt());
    }

    /** A grid with constraints drops the designs that break them before anything is queued, and says how many. */
    @Test
    void aGridWithConstraintsQueuesOnlyTheDesignsWithinThem() throws Exception {
        JsonNode sweep = create("{\"name\": \"fig3a under 5 MiB\", \"preset\": \"fig3a\", \"constraints\":"
                + " {\"imagenet_size_mib_max\": 5}, " + TRAINING + "}");
        int kept = sweep.get("trial_count").asInt();
        assertThat(kept).isBetween(1, 4);
        sweep.get("trials").forEach(t -> assertThat(t.get("imagenet_size_bytes").asLong() / MIB).isLessThanOrEqualTo(5.0));
        assertThat(sweep.get("search").get("rejected_by_constraints").asInt()).isEqualTo(5 - kept);
        assertThat(sweep.get("search").has("strategy")).isFalse();
    }

    @Test
    void impossibleLimitsAndUnbuiltStrategiesAreRefusedWhenPosted() throws Exception {
        String strategy = "\"strategy\": {\"name\": \"random\", \"budget\": 4, \"seed\": 3}";
        assertThat(problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", " + strategy + ", \"constraints\":"
                + " {\"size_mib_max\": 0.001}, " + TRAINING + "}"), 400, "constraints").get("detail").asString())
                .contains("found only 0 of the 4 designs wanted", "size_mib");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", \"strategy\": {\"name\": \"bayesian\","
                + " \"budget\": 4, \"startup\": 5}, " + TRAINING + "}"), 400, "strategy.startup");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", \"strategy\": {\"name\": \"random\","
                + " \"budget\": 4, \"parallel\": 2}, " + TRAINING + "}"), 400, "strategy.parallel");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", \"strategy\": {\"name\": \"hyperopt\","
                + " \"budget\": 4}, " + TRAINING + "}"), 400, "strategy.name");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", " + TRAINING + "}"), 400, "strategy");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"space\": {\"base_e\": {\"min\": 256, \"max\": 64}}, " + strategy
                + ", " + TRAINING + "}"), 400, "space.base_e.max");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"space\": {\"sr\": {\"min\": 0, \"max\": 1, \"log\": true}}, "
                + strategy + ", " + TRAINING + "}"), 400, "space.sr.min");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", " + SPACE + ", \"strategy\": {\"name\": \"random\", \"budget\": 0},"
                + " " + TRAINING + "}"), 400, "strategy.budget");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"preset\": \"fig3a\", \"constraints\": {\"size_mib_max\": -1}, "
                + TRAINING + "}"), 400, "constraints.size_mib_max");
    }

    @Autowired
    TrialQueue queue;

    /** The front: of five SR designs, the ones no other beats on both size and accuracy, smallest first. */
    @Test
    void theFrontHoldsTheDesignsNoOtherBeatsOnSizeAndAccuracy() throws Exception {
        JsonNode sweep = create("{\"name\": \"front\", \"preset\": \"fig3a\", " + TRAINING + "}");
        long id = sweep.get("id").asLong();
        // SR 0.125 .. 1.0 grow in size; accuracies 0.60, 0.70, 0.65, 0.80, 0.75: 0.5 and 1.0 are dominated
        java.util.Map<Double, Double> top1 = java.util.Map.of(0.125, 0.60, 0.25, 0.70, 0.5, 0.65, 0.75, 0.80, 1.0, 0.75);
        for (int done = 0; done < 5; ) {
            Claim c = queue.claim("front-worker", java.time.Duration.ofMinutes(5)).orElseThrow();
            if (c.sweepId() != id) {
                queue.cancelSweep(c.sweepId());
                continue;
            }
            double sr = ok(get("/api/v1/trials/" + c.trialId())).get("metaparameters").get("sr").asDouble();
            queue.complete(c, top1.get(sr), 0.99, "{}");
            done++;
        }
        JsonNode front = ok(get("/api/v1/sweeps/" + id + "/front"));
        assertThat(front.get("complete").asBoolean()).isTrue();
        assertThat(front.get("designs").asInt()).isEqualTo(5);
        List<Double> srs = new ArrayList<>();
        front.get("points").forEach(p -> srs.add(p.get("metaparameters").get("sr").asDouble()));
        assertThat(srs).containsExactly(0.125, 0.25, 0.75);
        problem(get("/api/v1/sweeps/999999/front"), 404, null);
    }

    /** A pruner is validated when the sweep is posted and shown with its defaults; its workers apply it. */
    @Test
    void aPrunerIsKeptWithTheSweepAndBadSettingsAreRefused() throws Exception {
        JsonNode sweep = create("{\"name\": \"asha\", \"preset\": \"fig3a\", \"pruner\": {\"name\": \"asha\"}, "
                + TRAINING + "}");
        JsonNode pruner = ok(get("/api/v1/sweeps/" + sweep.get("id").asLong())).get("pruner");
        assertThat(pruner.get("name").asString()).isEqualTo("asha");
        assertThat(pruner.get("min_epochs").asInt()).isEqualTo(1);
        assertThat(pruner.get("reduction").asInt()).isEqualTo(3);
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"preset\": \"fig3a\", \"pruner\": {\"name\": \"asha\","
                + " \"reduction\": 1}, " + TRAINING + "}"), 400, "pruner.reduction");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"preset\": \"fig3a\", \"pruner\": {\"name\": \"median\","
                + " \"min_epochs\": 2}, " + TRAINING + "}"), 400, "pruner.min_epochs");
        problem(post("/api/v1/sweeps", "{\"name\": \"x\", \"preset\": \"fig3a\", \"pruner\": {\"name\": \"hyperband\"}, "
                + TRAINING + "}"), 400, "pruner.name");
    }

    /** A made-up accuracy for a design: bigger SR and a middling pct_3x3 are better, so a search has a slope to climb. */
    static double objective(JsonNode m) {
        return 0.5 + 0.3 * m.get("sr").asDouble() - 0.2 * Math.abs(m.get("pct_3x3").asDouble() - 0.5)
                + (m.get("bypass").asString().equals("simple") ? 0.05 : 0);
    }

    /**
     * Plays the workers: claims this sweep's trials one by one (cancelling leftovers of other tests) and reports the
     * objective, until the search has proposed its budget and every trial is done.
     */
    JsonNode runSearch(long id) {
        JsonNode[] closed = new JsonNode[1];
        org.awaitility.Awaitility.await("the search of sweep " + id + " finishes").atMost(java.time.Duration.ofMinutes(2))
                .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    var claim = queue.claim("search-worker", java.time.Duration.ofMinutes(5));
                    if (claim.isEmpty()) {
                        // nothing to train: the search is between asks (the next poll proposes) or has closed
                        JsonNode sweep = ok(get("/api/v1/sweeps/" + id));
                        String status = sweep.get("status").asString();
                        closed[0] = status.equals("RUNNING") || status.equals("QUEUED") ? null : sweep;
                    } else if (claim.get().sweepId() != id) {
                        queue.cancelSweep(claim.get().sweepId());
                    } else {
                        queue.complete(claim.get(), objective(ok(get("/api/v1/trials/" + claim.get().trialId()))
                                .get("metaparameters")), 0.99, "{}");
                    }
                    return closed[0] != null;
                });
        return closed[0];
    }

    /**
     * TPE and NSGA-II propose as results arrive: the first designs at random when posted, the rest one at a time
     * from the results so far, until the budget is trained; every proposal is on record with who made it and why it
     * was or was not trained.
     */
    @Test
    void bayesianAndEvolutionarySearchesProposeAsResultsArriveUpToTheirBudget() throws Exception {
        for (String name : List.of("bayesian", "evolutionary")) {
            List<String> first = search(name);
            assertThat(search(name)).as("the same request and the same results propose the same designs")
                    .isEqualTo(first);
        }
    }

    /** Runs one search to its end and checks its record; returns its designs in the order proposed. */
    List<String> search(String name) throws Exception {
        JsonNode posted = create("{\"name\": \"" + name + "\", " + SPACE + ", \"strategy\": {\"name\": \"" + name
                + "\", \"budget\": 8, \"seed\": 5, \"startup\": 4, \"parallel\": 1}, \"constraints\":"
                + " {\"size_mib_max\": 3}, \"reuse_results\": false, " + TRAINING + "}");
        long id = posted.get("id").asLong();
        assertThat(posted.get("trial_count").asInt()).as("the startup designs").isEqualTo(4);
        assertThat(posted.get("status").asString()).isEqualTo("QUEUED");
        JsonNode done = runSearch(id);
        assertThat(done.get("trial_count").asInt()).isEqualTo(8);
        assertThat(done.get("search").get("designs").asInt()).isEqualTo(8);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);

        JsonNode proposals = ok(get("/api/v1/sweeps/" + id + "/proposals"));
        List<String> origins = new ArrayList<>();
        int number = 0;
        int queued = 0;
        List<String> queuedDesigns = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (JsonNode p : proposals) {
            assertThat(p.get("number").asInt()).isEqualTo(++number);
            if (p.get("outcome").asString().equals("queued")) {
                queued++;
                origins.add(p.get("origin").asString());
                queuedDesigns.add(p.get("metaparameters").toString());
                sizes.add(p.get("trials").get(0).get("size_bytes").asLong());
                assertThat(p.get("trials").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(p.get("trials").get(0).get("top1").asDouble()).isEqualTo(objective(p.get("metaparameters")));
            } else {
                assertThat(p.get("outcome").asString()).isEqualTo("constrained");
                assertThat(p.get("reason").asString()).contains("size_mib");
                assertThat(p.get("trials")).isEmpty();
            }
        }
        assertThat(queued).isEqualTo(8);
        assertThat(sizes).allSatisfy(size -> assertThat(size / MIB).isLessThanOrEqualTo(3.0));
        assertThat(queuedDesigns).doesNotHaveDuplicates();
        assertThat(number).isEqualTo(8 + done.get("search").get("rejected_by_constraints").asInt());
        String model = name.equals("bayesian") ? "tpe" : "nsga2";
        assertThat(origins).as(name).containsExactly("random", "random", "random", "random", model, model, model, model);
        return queuedDesigns;
    }

    /**
     * An external search takes its designs from a client's own sampler (Optuna's): each is checked against the
     * constraints before anything trains, a repeat answers with the first, and the budget closes it.
     */
    @Test
    void anExternalSearchQueuesTheDesignsAClientSendsUpToItsBudget() throws Exception {
        JsonNode sweep = create("{\"name\": \"optuna\", \"strategy\": {\"name\": \"external\", \"budget\": 2},"
                + " \"constraints\": {\"size_mib_max\": 6}, " + TRAINING + "}");
        long id = sweep.get("id").asLong();
        assertThat(sweep.get("trial_count").asInt()).isZero();
        assertThat(sweep.get("status").asString()).isEqualTo("QUEUED");
        String small = "{\"metaparameters\": {\"base_e\": 128, \"incr_e\": 128, \"freq\": 2, \"sr\": 0.25,"
                + " \"pct_3x3\": 0.5, \"bypass\": \"none\", \"variant\": \"v1.0\"}}";
        var first = post("/api/v1/sweeps/" + id + "/designs", small);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode queued = json.readTree(first.body());
        assertThat(queued.get("outcome").asString()).isEqualTo("queued");
        assertThat(queued.get("origin").asString()).isEqualTo("external");
        assertThat(queued.get("trials")).hasSize(1);
        var again = post("/api/v1/sweeps/" + id + "/designs", small);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("number")).isEqualTo(queued.get("number"));

        var big = post("/api/v1/sweeps/" + id + "/designs", small.replace("\"sr\": 0.25", "\"sr\": 1.0")
                .replace("\"base_e\": 128", "\"base_e\": 512"));
        assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
        assertThat(json.readTree(big.body()).get("outcome").asString()).isEqualTo("constrained");
        assertThat(json.readTree(big.body()).get("reason").asString()).contains("size_mib");

        problem(post("/api/v1/sweeps/" + id + "/designs", "{}"), 400, "metaparameters");
        problem(post("/api/v1/sweeps/" + id + "/designs", small.replace("\"sr\": 0.25", "\"sr\": 7")), 400,
                "metaparameters.sr");
        assertThat(post("/api/v1/sweeps/" + id + "/designs", small.replace("0.25", "0.125")).statusCode()).isEqualTo(201);
        assertThat(problem(post("/api/v1/sweeps/" + id + "/designs", small.replace("0.25", "0.75")), 409, null)
                .get("detail").asString()).contains("budget of 2 designs is met");
        JsonNode closed = ok(get("/api/v1/sweeps/" + id));
        assertThat(closed.get("trial_count").asInt()).isEqualTo(2);
        assertThat(closed.get("search").get("proposals").asInt()).isEqualTo(3);
        assertThat(closed.get("search").get("rejected_by_constraints").asInt()).isEqualTo(1);
        assertThat(ok(get("/api/v1/sweeps/" + id + "/proposals"))).hasSize(3);

        long grid = create("{\"name\": \"grid\", \"preset\": \"fig3a\", " + TRAINING + "}").get("id").asLong();
        assertThat(problem(post("/api/v1/sweeps/" + grid + "/designs", small), 409, null).get("detail").asString())
                .contains("only a sweep with");
        problem(post("/api/v1/sweeps/999999/designs", small), 404, null);
    }
}
