package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.WorkerTestSupport;
import io.squeezenet.dse.db.artifact.TrialOutputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * A sweep that keeps its weights and measures compressions, as a user would run it: the worker trains and compresses
 * each trial, the weights download and evaluate to the trial's own top-1 with {@code dse eval}, and the sweep serves
 * Table 2 beside the paper's. Deleting the sweep deletes what it kept.
 */
@Tag("e2e")
class CompressionEndToEndTest extends WorkerTestSupport {

    @Autowired
    JdbcClient jdbc;

    static final String TRAINING = "\"training\": {\"dataset\": \"synthetic\", \"train_subset\": 640, \"test_subset\": 160,"
            + " \"epochs\": 2, \"batch_size\": 32, \"input_size\": \"3x12x12\", \"seeds\": [1, 2]}";

    @Test
    void trialsKeepTheirWeightsAndCompressionsAndTheSweepServesTable2(@TempDir Path dir) throws Exception {
        JsonNode sweep = ok(post("/api/v1/sweeps", "{\"name\": \"table 2\", \"grid\": {\"base_e\": [32], \"incr_e\": [32],"
                + " \"sr\": [0.25]}, " + TRAINING + ", \"compression\": [{\"method\": \"deep\", \"density\": 0.33,"
                + " \"bits\": 8}, {\"method\": \"deep\", \"density\": 0.33, \"bits\": 6, \"finetune_epochs\": 0},"
                + " {\"method\": \"int8\"}]}"));
        long id = sweep.get("id").asLong();
        assertThat(sweep.get("keep_weights").asBoolean()).as("the default for a small sweep").isTrue();
        assertThat(sweep.get("compression")).hasSize(3);
        assertThat(sweep.get("compression").get(0).get("finetune_epochs").asInt()).isEqualTo(1);
        awaitFinished(id);

        long trialId = sweep.get("trials").get(0).get("id").asLong();
        JsonNode trial = ok(get("/api/v1/trials/" + trialId));
        assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode compression = trial.get("compression");
        assertThat(compression).hasSize(3);
        assertThat(compression.get(0).get("top1_before").asDouble()).isEqualTo(trial.get("top1").asDouble());
        assertThat(compression.get(0).get("top1_finetuned").isNumber()).isTrue();
        assertThat(compression.get(1).has("top1_finetuned") && !compression.get(1).get("top1_finetuned").isNull()).isFalse();
        assertThat(compression.get(1).get("compressed_bytes").asLong())
                .isLessThan(compression.get(0).get("compressed_bytes").asLong());
        assertThat(compression.get(2).get("compression").get("method").asString()).isEqualTo("int8");

        // the weights download with their checksum, and dse eval on them gives the trial's top-1 exactly
        JsonNode weights = trial.get("weights");
        assertThat(weights.get("url").asString()).isEqualTo("/api/v1/trials/" + trialId + "/weights");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + weights.get("url").asString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).contains("trial-" + trialId + ".params"));
        String sha256 = TrialOutputs.sha256(download.body());
        assertThat(sha256).isEqualTo(weights.get("sha256").asString());
        assertThat(download.body()).hasSize(weights.get("size_bytes").asInt());
        assertThat(download.headers().firstValue("Repr-Digest")).contains(
                "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":");
        Path file = Files.write(dir.resolve("trial.params"), download.body());
        StringWriter out = new StringWriter();
        CommandLine cli = DseMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("eval", "--weights", file.toString(), "--threads", "2", "--json")).isZero();
        JsonNode eval = json.readTree(out.toString());
        assertThat(eval.get("top1").asDouble()).isEqualTo(trial.get("top1").asDouble());
        assertThat(eval.get("top5").asDouble()).isEqualTo(trial.get("top5").asDouble());
        assertThat(eval.get("sha256").asString()).isEqualTo(sha256);

        // Table 2: the paper's seven rows, then ours: the design uncompressed and under each compression, over 2 seeds
        JsonNode table2 = ok(get("/api/v1/sweeps/" + id + "/table2"));
        JsonNode rows = table2.get("rows");
        assertThat(rows).hasSize(7 + 4);
        assertThat(rows.get(0).get("arch").asString()).isEqualTo("AlexNet");
        assertThat(rows.get(0).get("size_mb").asDouble()).isEqualTo(240.0);
        assertThat(rows.get(6).get("reduction_vs_alexnet").asDouble()).isEqualTo(510.0);
        JsonNode ours = rows.get(8);
        assertThat(ours.get("source").asString()).isEqualTo("ours");
        assertThat(ours.get("compression").asString()).isEqualTo("deep 33% 8-bit");
        assertThat(ours.get("n").asInt()).isEqualTo(2);
        assertThat(ours.get("top1_before").asDouble()).isEqualTo(rows.get(7).get("top1").asDouble());
        assertThat(ours.get("reduction").asDouble()).isGreaterThan(1);
        assertThat(ours.get("reduction_vs_alexnet").asDouble()).isGreaterThan(rows.get(7).get("reduction_vs_alexnet").asDouble());
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/v1/sweeps/" + id + "/table2")).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("source,arch,design,compression,data_type,n,size_bytes");
        assertThat(csv.body().lines().count()).isEqualTo(1 + 7 + 4);
        HttpResponse<String> md = http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/v1/sweeps/" + id + "/table2")).header("Accept", "text/markdown").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(md.body()).contains("| paper | SqueezeNet | Deep Compression (33% density) | 6 bit | 0.47 MB | 510x |")
                .contains("| ours | SqueezeNet base_e=32");

        // every trial's compressions as rows for pandas, and Table 2 as a figure
        List<String> compressions = get("/api/v1/sweeps/" + id + "/compressions.csv").body().strip().lines().toList();
        assertThat(compressions).hasSize(1 + 2 * 3);
        List<String> header = List.of(compressions.get(0).split(","));
        assertThat(header).contains("variant", "method", "density", "bits", "compressed_bytes", "estimated_bytes",
                "top1_before", "top1_compressed", "top1_finetuned");
        assertThat(compressions.get(3).split(",", -1)[header.indexOf("method")]).isEqualTo("int8");
        HttpResponse<String> svg = get("/api/v1/sweeps/" + id + "/table2.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.body()).startsWith("<?xml").contains("<svg").contains("ours: deep 33% 8-bit")
                .contains("paper: ImageNet top-1");

        // deleting the sweep deletes its weights and compressions
        assertThat(delete("/api/v1/sweeps/" + id).statusCode()).isBetween(200, 299);
        assertThat(jdbc.sql("SELECT count(*) FROM trial_weights WHERE trial_id = ?").param(trialId).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM trial_compressions WHERE trial_id = ?").param(trialId).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aSweepThatKeepsNothingSaysSoAndBadCompressionIsRefusedAtOnce() throws Exception {
        JsonNode sweep = ok(post("/api/v1/sweeps", "{\"name\": \"no weights\", \"grid\": {\"base_e\": [32], \"incr_e\": [32],"
                + " \"sr\": [0.25]}, " + TRAINING.replace("[1, 2]", "[3]") + ", \"keep_weights\": false}"));
        long id = sweep.get("id").asLong();
        awaitFinished(id);
        long trialId = sweep.get("trials").get(0).get("id").asLong();
        assertThat(ok(get("/api/v1/trials/" + trialId)).has("weights")).isFalse();
        assertThat(problem(get("/api/v1/trials/" + trialId + "/weights"), 404, null).get("detail").asString())
                .contains("keep_weights");
        assertThat(problem(get("/api/v1/sweeps/" + id + "/table2"), 409, null).get("detail").asString())
                .contains("compression");

        String base = "{\"name\": \"bad\", \"grid\": {\"sr\": [0.25]}, " + TRAINING + ", \"compression\": ";
        problem(post("/api/v1/sweeps", base + "[{\"method\": \"int8\", \"bits\": 6}]}"), 400, "compression[0].bits");
        problem(post("/api/v1/sweeps", base + "[{\"method\": \"deep\", \"density\": 1.5}]}"), 400, "compression[0].density");
        problem(post("/api/v1/sweeps", base + "[{\"method\": \"zip\"}]}"), 400, "compression[0].method");
        problem(post("/api/v1/sweeps", base + "[{\"density\": 0.5}]}"), 400, "compression[0].method");
    }

    private void awaitFinished(long id) throws Exception {
        Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ok(get("/api/v1/sweeps/" + id)).get("status").asString(),
                        s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
        assertThat(ok(get("/api/v1/sweeps/" + id)).get("status").asString()).isEqualTo("SUCCEEDED");
    }
}
