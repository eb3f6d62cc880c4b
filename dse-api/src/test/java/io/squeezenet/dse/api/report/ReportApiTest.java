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

    static org.w3c.dom.Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }
}
