package io.squeezenet.dse.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.api.ApiTestSupport;
import io.squeezenet.dse.db.queue.Claim;
import io.squeezenet.dse.db.queue.TrialQueue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;

/** Summaries, figures and Table 3 of real sweeps on the real database, their results written through the queue. */
class ReportApiTest extends ApiTestSupport {

    static final String TRAINING = "\"training\": {\"dataset\": \"synthetic\", \"seeds\": [1, 2, 3]}";

    @Autowired
    TrialQueue queue;

    long submit(String body) throws Exception {
        HttpResponse<String> response = post("/api/v1/sweeps", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asLong();
    }

    /** Claims this sweep's trials (cancelling older test sweeps ahead of it) and records {@code score}'s results. */
    Map<Long, double[]> finish(long sweepId, int count, ToDoubleFunction<JsonNode> score) throws Exception {
        Map<Long, double[]> recorded = new HashMap<>();
        while (recorded.size() < count) {
            Claim c = queue.claim("report-test", Duration.ofMinutes(5)).orElseThrow();
            if (c.sweepId() != sweepId) {
                queue.cancelSweep(c.sweepId());
                continue;
            }
            JsonNode trial = ok(get("/api/v1/trials/" + c.trialId()));
            double top1 = score.applyAsDouble(trial);
            double top5 = Math.min(1, top1 + 0.2);
            queue.complete(c, top1, top5, "{}");
            recorded.put(c.trialId(), new double[] {top1, top5});
        }
        return recorded;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static double sampleStd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }

    @Test
    void aFigure3aSweepSummarizesPerDesignWithThePapersPointsAndDrawsAsSvgAndPng() throws Exception {
        long id = submit("{\"name\": \"SR study\", \"preset\": \"fig3a\", " + TRAINING + "}");
        // partial: nothing finished yet, then some
        JsonNode empty = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(empty.get("complete").asBoolean()).isFalse();
        assertThat(empty.get("points")).hasSize(5);
        assertThat(empty.get("points").get(0).get("top1_mean").isNull()).isTrue();
        // accuracy falls with SR here and varies with the seed, so the smallest design is the one Pareto point
        ToDoubleFunction<JsonNode> score = t -> 0.9 - 0.2 * t.get("metaparameters").get("sr").asDouble()
                + 0.01 * t.get("seed").asLong();
        Map<Long, double[]> first = finish(id, 7, score);
        JsonNode partial = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(partial.get("complete").asBoolean()).isFalse();
        assertThat(partial.get("points").findValues("n").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(7);
        Map<Long, double[]> rest = finish(id, 8, score);
        rest.putAll(first);

        JsonNode summary = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.get("x").asString()).isEqualTo("sr");
        assertThat(summary.get("study").asString()).isEqualTo("figure3a");
        assertThat(summary.get("x_values").toString()).isEqualTo("[0.125,0.25,0.5,0.75,1.0]");
        assertThat(summary.get("setup").asString()).contains("synthetic", "3 seeds", "default recipe");
        JsonNode points = summary.get("points");
        assertThat(points).hasSize(5);
        for (JsonNode p : points) {
            List<Double> top1 = new ArrayList<>();
            List<Double> top5 = new ArrayList<>();
            p.get("trial_ids").forEach(t -> {
                top1.add(rest.get(t.asLong())[0]);
                top5.add(rest.get(t.asLong())[1]);
            });
            assertThat(p.get("n").asInt()).isEqualTo(3);
            assertThat(p.get("top1_mean").asDouble()).isCloseTo(mean(top1), within(1e-12));
            assertThat(p.get("top1_std").asDouble()).isCloseTo(sampleStd(top1), within(1e-12));
            assertThat(p.get("top5_mean").asDouble()).isCloseTo(mean(top5), within(1e-12));
            assertThat(p.get("size_mib").asDouble()).isCloseTo(p.get("size_bytes").asLong() / 1048576.0, within(1e-12));
            assertThat(p.get("x").asDouble()).isEqualTo(p.get("metaparameters").get("sr").asDouble());
        }
        assertThat(points.get(0).get("pareto").asBoolean()).isTrue();
        for (int i = 1; i < 5; i++) {
            assertThat(points.get(i).get("pareto").asBoolean()).as("point %d is bigger and less accurate", i).isFalse();
        }
        assertThat(summary.get("paper")).hasSize(5);
        assertThat(summary.get("paper").get(0).get("top5").asDouble()).isCloseTo(0.803, within(1e-9));
        assertThat(summary.get("paper").get(2).get("size_mb").asDouble()).isEqualTo(13.0);

        HttpResponse<String> svg = get("/api/v1/sweeps/" + id + "/figure.svg?metric=top5&width=640&height=400");
        assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(xml(svg.body()).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.body()).contains("SR study", "ImageNet top-5", "MiB");
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/sweeps/" + id + "/figure.png?width=500&height=300")).build(), HttpResponse.BodyHandlers.ofByteArray());
        var image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(500);
        assertThat(image.getHeight()).isEqualTo(300);

        String report = get("/api/v1/sweeps/" + id + "/report.md").body();
        assertThat(report).contains("# SR study", "![SR study](figure.svg)", "| sr |", "The paper (ImageNet top-5)",
                "the opposite direction to the paper's");
        problem(get("/api/v1/sweeps/" + id + "/table3"), 409, null);
        for (String accept : List.of("text/csv", "text/markdown")) {
            problem(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sweeps/" + id
                    + "/table3")).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString()), 409, null);
        }
        problem(get("/api/v1/sweeps/" + id + "/summary?metric=top3"), 400, "metric");
        problem(get("/api/v1/sweeps/" + id + "/figure.svg?width=5"), 400, "width");
        assertThat(get("/api/v1/sweeps/999999/summary").statusCode()).isEqualTo(404);
    }

    @Test
    void aBypassSweepServesTable3AsJsonCsvAndMarkdown() throws Exception {
        long id = submit("{\"name\": \"bypass\", \"preset\": \"table3\", " + TRAINING + "}");
        Map<Long, double[]> recorded = finish(id, 9, t -> switch (t.get("metaparameters").get("bypass").asString()) {
            case "none" -> 0.60 + 0.01 * t.get("seed").asLong();
            case "simple" -> 0.64 + 0.01 * t.get("seed").asLong();
            default -> 0.62 + 0.02 * t.get("seed").asLong();
        });
        assertThat(recorded).hasSize(9);
        JsonNode table = ok(get("/api/v1/sweeps/" + id + "/table3"));
        JsonNode rows = table.get("rows");
        assertThat(rows.findValues("bypass").stream().map(JsonNode::asString)).containsExactly("none", "simple", "complex");
        JsonNode vanilla = rows.get(0);
        JsonNode simple = rows.get(1);
        assertThat(vanilla.get("top1_vs_vanilla").asDouble()).isZero();
        assertThat(simple.get("top1_vs_vanilla").asDouble())
                .isCloseTo(simple.get("top1_mean").asDouble() - vanilla.get("top1_mean").asDouble(), within(1e-12));
        assertThat(simple.get("paper_top1").asDouble()).isCloseTo(0.604, within(1e-9));
        assertThat(simple.get("paper_top1_vs_vanilla").asDouble()).isCloseTo(0.604 - 0.575, within(1e-9));
        assertThat(rows.get(2).get("paper_size_mb").asDouble()).isEqualTo(7.7);
        assertThat(rows.get(2).get("size_bytes").asLong()).isGreaterThan(vanilla.get("size_bytes").asLong());

        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/sweeps/" + id + "/table3")).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("bypass,n,top1_mean,top1_std");
        assertThat(lines.get(2)).startsWith("simple,3,");
        HttpResponse<String> md = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/sweeps/" + id + "/table3")).header("Accept", "text/markdown").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(md.body().lines().filter(l -> l.startsWith("| "))).hasSize(4);
        assertThat(md.body()).contains("| simple |", "60.4%", "7.7 MB");
        String svg = get("/api/v1/sweeps/" + id + "/figure.svg").body();
        assertThat(xml(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("paper: ImageNet top-1");
        JsonNode summary = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(summary.get("study").asString()).isEqualTo("table3");
        // none and simple bypass have the same size: the less accurate of the two is off the front
        assertThat(summary.get("points").get(0).get("pareto").asBoolean()).isFalse();
        assertThat(summary.get("points").get(1).get("pareto").asBoolean()).isTrue();
    }

    @Test
    void aSweepVaryingSeveralMetaparametersIsPlottedAgainstSizeWithItsParetoFront() throws Exception {
        long id = submit("{\"name\": \"Größe × Genauigkeit — a sweep with a long, long name that must wrap rather than"
                + " run off the figure's edge\", \"grid\": {\"sr\": [0.125, 0.25], \"pct_3x3\": [0.25, 0.75]},"
                + " \"training\": {\"dataset\": \"synthetic\"}}");
        finish(id, 4, t -> t.get("params").asLong() % 7 / 10.0 + 0.2);
        JsonNode summary = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(summary.get("x").asString()).isEqualTo("size_mib");
        assertThat(summary.get("study").isNull()).isTrue();
        assertThat(summary.get("paper")).isEmpty();
        JsonNode points = summary.get("points");
        assertThat(points.get(0).get("pareto").asBoolean()).as("the smallest design is never beaten").isTrue();
        for (JsonNode p : points) {
            boolean dominated = false;
            for (JsonNode o : points) {
                dominated |= o.get("size_bytes").asLong() < p.get("size_bytes").asLong()
                        && o.get("top1_mean").asDouble() >= p.get("top1_mean").asDouble();
            }
            assertThat(p.get("pareto").asBoolean()).isEqualTo(!dominated);
            assertThat(p.get("top1_std").isNull()).as("one seed: no std").isTrue();
        }
        String svg = get("/api/v1/sweeps/" + id + "/figure.svg").body();
        assertThat(xml(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("Pareto front", "Größe");
    }

    /**
     * A pruned trial is kept out of its design's means and the front, and shown apart: counted and listed with its
     * epoch in the summary and the report, a column of the results, its own series in the figure; the compute record
     * counts its epochs against a full grid, and a reused result's apart.
     */
    @Test
    void prunedTrialsAreShownApartAndTheComputeSavedIsCounted() throws Exception {
        long id = submit("{\"name\": \"pruned\", \"grid\": {\"sr\": [0.125, 0.25, 0.5]}, \"pruner\": {\"name\":"
                + " \"median\"}, \"training\": {\"dataset\": \"synthetic\", \"seeds\": [1, 2, 3], \"epochs\": 3}}");
        // sr 0.125: seed 2 pruned at epoch 1; sr 0.25: seed 2 at epoch 2, seed 3 at epoch 1; sr 0.5 trained to the end
        Map<String, Integer> prunedAt = Map.of("0.125/2", 1, "0.25/2", 2, "0.25/3", 1);
        Map<Long, double[]> succeeded = new HashMap<>();
        Map<Long, Integer> pruned = new HashMap<>();
        while (succeeded.size() + pruned.size() < 9) {
            Claim c = queue.claim("report-test", Duration.ofMinutes(5)).orElseThrow();
            if (c.sweepId() != id) {
                queue.cancelSweep(c.sweepId());
                continue;
            }
            JsonNode trial = ok(get("/api/v1/trials/" + c.trialId()));
            double sr = trial.get("metaparameters").get("sr").asDouble();
            Integer epoch = prunedAt.get(sr + "/" + trial.get("seed").asLong());
            if (epoch == null) {
                double top1 = 0.5 + 0.2 * sr + 0.01 * trial.get("seed").asLong();
                queue.complete(c, top1, top1 + 0.2, "{}");
                succeeded.put(c.trialId(), new double[] {top1, top1 + 0.2});
            } else {
                // far below the others: were it in a mean, the mean would show it
                assertThat(queue.prune(c, epoch, 0.05 * epoch, 0.1 * epoch, "below the median")).isTrue();
                pruned.put(c.trialId(), epoch);
            }
        }

        JsonNode summary = ok(get("/api/v1/sweeps/" + id + "/summary"));
        assertThat(summary.get("complete").asBoolean()).isTrue();
        JsonNode points = summary.get("points");
        assertThat(points.findValues("pruned").stream().map(JsonNode::asInt)).containsExactly(1, 2, 0);
        for (JsonNode p : points) {
            List<Double> top1 = new ArrayList<>();
            List<Long> prunedIds = new ArrayList<>();
            p.get("trial_ids").forEach(t -> {
                if (succeeded.containsKey(t.asLong())) {
                    top1.add(succeeded.get(t.asLong())[0]);
                } else {
                    prunedIds.add(t.asLong());
                }
            });
            assertThat(p.get("n").asInt()).isEqualTo(top1.size()).isEqualTo(3 - p.get("pruned").asInt());
            assertThat(p.get("top1_mean").asDouble()).as("the mean of the trials trained to the end only")
                    .isCloseTo(mean(top1), within(1e-12));
            assertThat(p.get("pruned_trials").findValues("trial_id").stream().map(JsonNode::asLong)).isEqualTo(prunedIds);
            for (JsonNode t : p.get("pruned_trials")) {
                int epoch = pruned.get(t.get("trial_id").asLong());
                assertThat(t.get("pruned_at_epoch").asInt()).isEqualTo(epoch);
                assertThat(t.get("top1").asDouble()).isCloseTo(0.05 * epoch, within(1e-12));
            }
        }
        // accuracy rises with size: every design is on the front, the low pruned accuracies notwithstanding
        assertThat(points.findValues("pareto").stream().map(JsonNode::asBoolean)).containsOnly(true);
        JsonNode compute = summary.get("compute");
        assertThat(compute.get("trials").asInt()).isEqualTo(9);
        assertThat(compute.get("pruned").asInt()).isEqualTo(3);
        assertThat(compute.get("pruned_at_epoch").toString()).isEqualTo("{\"1\":2,\"2\":1}");
        assertThat(compute.get("reused").asInt()).isZero();
        assertThat(compute.get("epochs_trained").asLong()).isEqualTo(6 * 3 + 1 + 2 + 1);
        assertThat(compute.get("epochs_reused").asLong()).isZero();
        assertThat(compute.get("epochs_full").asLong()).isEqualTo(27);
        assertThat(compute.get("saved").asDouble()).isCloseTo(1 - 22.0 / 27, within(1e-12));

        String report = get("/api/v1/sweeps/" + id + "/report.md").body();
        assertThat(report).contains("## Pruned trials", "| sr | pruned | at epoch | top-1 when stopped |",
                "| 0.1250 | 1 | 1 | 5.0% |", "## Compute\n\n22 of 27 epochs trained, 18.5% saved: 3 of 9 trials pruned (2 at"
                + " epoch 1, 1 at epoch 2), 0 reused, against a full grid of the same 9 trials at 3 epochs each.");
        List<String> sr025 = new ArrayList<>();
        points.get(1).get("trial_ids").forEach(t -> {
            if (pruned.containsKey(t.asLong())) {
                sr025.add(String.valueOf(pruned.get(t.asLong())));
            }
        });
        assertThat(report).contains("| 0.2500 | 2 | " + String.join(", ", sr025) + " | "
                + String.join(", ", sr025.stream().map(e -> e.equals("1") ? "5.0%" : "10.0%").toList()) + " |");

        HttpResponse<String> csv = get("/api/v1/sweeps/" + id + "/results.csv");
        List<String> lines = csv.body().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int status = header.indexOf("status");
        int prunedAtEpoch = header.indexOf("pruned_at_epoch");
        assertThat(prunedAtEpoch).isEqualTo(header.indexOf("top5") + 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            long trial = Long.parseLong(cells[header.indexOf("trial_id")]);
            assertThat(cells[status]).isEqualTo(pruned.containsKey(trial) ? "PRUNED" : "SUCCEEDED");
            assertThat(cells[prunedAtEpoch]).isEqualTo(pruned.containsKey(trial) ? pruned.get(trial).toString() : "");
        }
        JsonNode rows = ok(get("/api/v1/sweeps/" + id + "/results.json"));
        assertThat(rows.findValues("pruned_at_epoch").stream().filter(v -> !v.isNull()).count()).isEqualTo(3);

        // the figure: the pruned trials as their own series, hollow grey, each at its design's SR and its top-1 then
        String svg = get("/api/v1/sweeps/" + id + "/figure.svg").body();
        assertThat(xml(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("pruned (top-1 when stopped)", "epoch 2", "3 trials pruned early: in no mean, drawn hollow grey");
        var plot = (org.jfree.chart.plot.XYPlot) Figures.chart(json.readValue(summary.toString(), SweepSummary.class)).getPlot();
        var markers = plot.getDataset(2);
        assertThat(markers.getItemCount(0)).isEqualTo(3);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            drawn.add(markers.getXValue(0, i) + "@" + Math.round(markers.getYValue(0, i)));
        }
        assertThat(drawn).containsExactlyInAnyOrder("0.125@5", "0.25@10", "0.25@5");
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer(2);
        assertThat(renderer.getSeriesShapesFilled(0)).isFalse();
        assertThat(renderer.getSeriesPaint(0)).isNotEqualTo(plot.getRenderer(0).getSeriesPaint(0));

        // a second sweep of two of the designs: one result reused (trains nothing), one trial pruned at epoch 2
        long again = submit("{\"name\": \"again\", \"grid\": {\"sr\": [0.125, 0.25]}, \"reuse_results\": true,"
                + " \"training\": {\"dataset\": \"synthetic\", \"seeds\": [1], \"epochs\": 3}}");
        int handled = 0;
        while (handled < 2) {
            Claim c = queue.claim("report-test", Duration.ofMinutes(5)).orElseThrow();
            if (c.sweepId() != again) {
                queue.cancelSweep(c.sweepId());
                continue;
            }
            if (ok(get("/api/v1/trials/" + c.trialId())).get("metaparameters").get("sr").asDouble() == 0.125) {
                assertThat(queue.completeFromEarlierResult(c)).isPresent();
            } else {
                assertThat(queue.prune(c, 2, 0.1, 0.2, "below the median")).isTrue();
            }
            handled++;
        }
        JsonNode reused = ok(get("/api/v1/sweeps/" + again + "/summary")).get("compute");
        assertThat(List.of(reused.get("trials").asInt(), reused.get("pruned").asInt(), reused.get("reused").asInt()))
                .containsExactly(2, 1, 1);
        assertThat(List.of(reused.get("epochs_trained").asLong(), reused.get("epochs_reused").asLong(),
                reused.get("epochs_full").asLong())).containsExactly(2L, 3L, 6L);
        assertThat(reused.get("saved").asDouble()).isCloseTo(1 - 2.0 / 6, within(1e-12));
    }

    static org.w3c.dom.Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }
}
