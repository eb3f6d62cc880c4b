package io.squeezenet.dse.model.cli;

import static io.squeezenet.dse.model.cli.ArchCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.cli.ArchCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvalCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The network trained and the one rebuilt from its file give the same answers on the same test images. */
    @Test
    void evalOfSavedWeightsReproducesTheTrainedTopOneExactly(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("v11.params");
        Run train = run("train", "--dataset", "synthetic", "--train-subset", "320", "--test-subset", "96", "--epochs", "2",
                "--batch-size", "32", "--input", "3x16x16", "--base-e", "32", "--incr-e", "32", "--sr", "0.25",
                "--variant", "v1.1", "--seed", "11", "--threads", "2", "--json", "--save-weights", weights.toString());
        assertThat(train.status()).as(train.err()).isZero();
        String[] lines = train.out().strip().split("\n");
        JsonNode trained = JSON.readTree(lines[lines.length - 1]);
        assertThat(Files.size(weights)).isGreaterThan(4 * trained.get("params").asLong());

        Run eval = run("eval", "--weights", weights.toString(), "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        JsonNode result = JSON.readTree(eval.out());
        assertThat(result.get("top1").asDouble()).isEqualTo(trained.get("top1").asDouble());
        assertThat(result.get("top5").asDouble()).isEqualTo(trained.get("top5").asDouble());
        assertThat(result.get("test_images").asInt()).isEqualTo(96);
        assertThat(result.get("seed").asLong()).isEqualTo(11);
        assertThat(result.get("params").asLong()).isEqualTo(trained.get("params").asLong());
        assertThat(result.get("metaparameters").get("variant").asString()).isEqualTo("v1.1");
        assertThat(result.get("sha256").asString()).hasSize(64);

        // the flags of dse train pick another split: fewer test images
        Run fewer = run("eval", "--weights", weights.toString(), "--test-subset", "48", "--json");
        assertThat(JSON.readTree(fewer.out()).get("test_images").asInt()).isEqualTo(48);
        assertThat(run("eval", "--weights", weights.toString()).out()).contains("top-1 ").contains("on 96 test images of synthetic");
    }

    @Test
    void aFileThatIsNotWeightsEndsWithOneLineNamingTheFlag(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Run foreign = run("eval", "--weights", text.toString());
        assertThat(foreign.status()).isEqualTo(2);
        assertThat(foreign.err().strip()).isEqualTo("eval: --weights: not a DJL parameter file (it does not start with DJL@)");

        Run missing = run("eval", "--weights", dir.resolve("none.params").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--weights: no such file");

        Run nowhere = run("train", "--dataset", "synthetic", "--save-weights", dir.resolve("no/such/dir/w.params").toString());
        assertThat(nowhere.status()).isEqualTo(2);
        assertThat(nowhere.err().strip()).startsWith("train: --save-weights: no such directory: ");
    }
}
