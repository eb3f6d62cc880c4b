package io.squeezenet.dse.model.cli;

import static io.squeezenet.dse.model.cli.ArchCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.cli.ArchCommandTest.Run;
import io.squeezenet.dse.model.compression.DeepCompressor;
import io.squeezenet.dse.model.compression.LayerWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CompressCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Path weights;
    static JsonNode trained;

    @BeforeAll
    static void train() {
        weights = dir.resolve("net.params");
        Run train = run("train", "--dataset", "synthetic", "--train-subset", "480", "--test-subset", "160", "--epochs", "2",
                "--batch-size", "32", "--input", "3x16x16", "--base-e", "32", "--incr-e", "32", "--sr", "0.25",
                "--seed", "5", "--threads", "2", "--json", "--save-weights", weights.toString());
        assertThat(train.status()).as(train.err()).isZero();
        String[] lines = train.out().strip().split("\n");
        trained = JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void deepCompressionWritesTheFileItMeasuresAndComparesItWithTheEstimate() throws Exception {
        Path out = dir.resolve("deep.dsec");
        Run run = run("compress", "--weights", weights.toString(), "--density", "0.33", "--bits", "8",
                "--finetune-epochs", "1", "--output", out.toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("compressed_bytes").asLong()).isEqualTo(Files.size(out));
        assertThat(r.get("dense_bytes").asLong()).isEqualTo(trained.get("size_bytes").asLong());
        // the storage format the estimate models, plus a few bytes of header per layer
        assertThat((double) r.get("compressed_bytes").asLong()).isCloseTo(r.get("estimated_bytes").asDouble(),
                within(0.03 * r.get("estimated_bytes").asDouble()));
        // a tiny network: 256-entry codebooks for 27 layers are a quarter of its file
        assertThat(r.get("reduction").asDouble()).isGreaterThan(3);
        assertThat(r.get("top1_before").asDouble()).isEqualTo(trained.get("top1").asDouble());
        assertThat(r.get("top1_compressed").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.get("top1_finetuned").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.get("test_images").asInt()).isEqualTo(160);
        assertThat(r.get("compression").get("method").asString()).isEqualTo("deep");
        assertThat(r.get("file").asString()).isEqualTo(out.toString());

        // the network as measured, beside the file, evaluates to the accuracy reported
        assertThat(r.get("network").asString()).isEqualTo(dir.resolve("deep.params").toString());
        Run eval = run("eval", "--weights", r.get("network").asString(), "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(JSON.readTree(eval.out()).get("top1").asDouble()).isEqualTo(r.get("top1_finetuned").asDouble());

        // the file decodes to pruned, shared weights: at most 2^8 distinct values per layer, about a third kept
        List<LayerWeights> layers = DeepCompressor.read(Files.readAllBytes(out));
        long kept = 0;
        long all = 0;
        for (LayerWeights layer : layers) {
            Set<Float> values = new HashSet<>();
            for (float w : layer.weights()) {
                if (w != 0) {
                    values.add(w);
                    kept++;
                }
            }
            all += layer.weights().length;
            assertThat(values.size()).as(layer.name()).isLessThanOrEqualTo(256);
        }
        assertThat(layers.get(0).name()).isEqualTo("conv1");
        assertThat((double) kept / all).isCloseTo(0.33, within(0.02));
        assertThat(r.get("nonzero_weights").asLong()).isGreaterThanOrEqualTo(kept);
    }

    @Test
    void int8KeepsEveryWeightInAByteAndLosesLittleAccuracy() throws Exception {
        Run run = run("compress", "--weights", weights.toString(), "--method", "int8", "--finetune-epochs", "0", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("top1_finetuned").isNull()).isTrue();
        assertThat(r.get("reduction").asDouble()).isBetween(3.5, 4.0);
        assertThat(r.get("top1_compressed").asDouble()).isCloseTo(r.get("top1_before").asDouble(), within(0.05));
        assertThat(Path.of(r.get("file").asString())).exists().hasFileName("net.int8.dsec");

        Run human = run("compress", "--weights", weights.toString(), "--density", "0.5", "--bits", "6",
                "--finetune-epochs", "0", "--huffman");
        assertThat(human.status()).as(human.err()).isZero();
        assertThat(human.out()).contains("deep 50% 6-bit huffman: ").contains("bytes dense -> ").contains("(no fine-tune)");
    }

    @Test
    void badSettingsEndWithOneLineNamingTheFlag() {
        Run bits = run("compress", "--weights", weights.toString(), "--method", "int8", "--bits", "6");
        assertThat(bits.status()).isEqualTo(2);
        assertThat(bits.err().strip()).startsWith("compress: --bits: int8 keeps every weight as one signed byte");
        Run density = run("compress", "--weights", weights.toString(), "--density", "0");
        assertThat(density.status()).isEqualTo(2);
        assertThat(density.err().strip()).isEqualTo("compress: --density: must be a number with 0 < density <= 1, got 0.0");
        Run method = run("compress", "--weights", weights.toString(), "--method", "zip");
        assertThat(method.status()).isEqualTo(2);
        assertThat(method.err()).contains("--method");
    }
}
