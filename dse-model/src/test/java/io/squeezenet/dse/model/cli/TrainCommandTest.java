package io.squeezenet.dse.model.cli;

import static io.squeezenet.dse.model.cli.ArchCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.cli.ArchCommandTest.Run;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TrainCommandTest {

    @Test
    void jsonResultIsTheLastLineAndProgressGoesToStderr() {
        Run run = run("train", "--dataset", "synthetic", "--train-subset", "320", "--test-subset", "64", "--epochs", "2",
                "--batch-size", "32", "--input", "3x16x16", "--base-e", "32", "--incr-e", "32", "--sr", "0.25",
                "--seed", "7", "--threads", "2", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        JsonNode result = JsonMapper.builder().build().readTree(lines[lines.length - 1]);
        assertThat(result.get("top1").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.get("top5").asDouble()).isBetween(result.get("top1").asDouble(), 1.0);
        assertThat(result.get("params").asLong()).isPositive();
        assertThat(result.get("size_bytes").asLong()).isEqualTo(4 * result.get("params").asLong());
        assertThat(result.get("imagenet_params").asLong()).isGreaterThan(result.get("params").asLong());
        assertThat(result.get("images_per_second").asDouble()).isPositive();
        assertThat(result.get("wall_seconds").asDouble()).isPositive();
        assertThat(result.get("epochs")).hasSize(2);
        assertThat(result.get("recipe").get("stem").asString()).isEqualTo("small");
        assertThat(run.err()).contains("epoch 1/2 [", "img/s", "ETA", "epoch 2/2: loss");
        // where it trains, said once in one line (DJL's CUDA probe warning is silenced by the launcher's logging)
        assertThat(run.err().lines().filter(l -> l.startsWith("device: "))).containsExactly(
                "device: " + io.squeezenet.dse.model.training.Devices.describe("auto"));
        assertThat(run.err()).startsWith("device: cpu").doesNotContain("CUDA");
    }

    @Test
    void badFlagsAndMissingDataEndWithOneLine() {
        Run zero = run("train", "--dataset", "synthetic", "--epochs", "0");
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("train: --epochs: must be an integer in [1, 1000], got 0");

        Run unknown = run("train", "--dataset", "mnist");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'--dataset': must be one of [fashion-mnist, cifar10, cifar100, folder, synthetic]");

        Run missing = run("train", "--dataset", "fashion-mnist", "--data-dir", "/nonexistent/fmnist");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("train: /nonexistent/fmnist: no such directory").doesNotContain("Exception");

        Run noDir = run("train", "--dataset", "folder");
        assertThat(noDir.status()).isEqualTo(2);
        assertThat(noDir.err()).contains("--data-dir: is required for the folder dataset");
    }
}
