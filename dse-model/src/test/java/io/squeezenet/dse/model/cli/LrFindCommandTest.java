package io.squeezenet.dse.model.cli;

import static io.squeezenet.dse.model.cli.ArchCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.cli.ArchCommandTest.Run;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LrFindCommandTest {

    static final String[] SMALL = {"--dataset", "synthetic", "--train-subset", "320", "--input", "3x16x16",
            "--batch-size", "32", "--base-e", "32", "--incr-e", "32", "--sr", "0.25", "--threads", "2", "--steps", "30",
            "--min-lr", "1e-5", "--max-lr", "1"};

    static String[] args(String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("lr-find"));
        all.addAll(List.of(SMALL));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void sweepsTheRateExponentiallyAndSuggestsOneInsideTheRange() {
        Run run = run(args("--json"));
        assertThat(run.status()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        JsonNode range = JsonMapper.builder().build().readTree(lines[lines.length - 1]);
        JsonNode steps = range.get("steps");
        assertThat(steps.size()).isBetween(2, 30);
        assertThat(steps.get(0).get("learning_rate").asDouble()).isEqualTo(1e-5, org.assertj.core.api.Assertions.within(1e-12));
        for (int i = 1; i < steps.size(); i++) {
            double ratio = steps.get(i).get("learning_rate").asDouble() / steps.get(i - 1).get("learning_rate").asDouble();
            assertThat(ratio).as("constant growth factor (1e5)^(1/29)").isCloseTo(Math.pow(1e5, 1.0 / 29),
                    org.assertj.core.api.Assertions.within(1e-9));
        }
        double suggestion = range.get("suggestion").asDouble();
        assertThat(suggestion).isBetween(1e-5, 1.0);
        assertThat(run.err()).contains("img/s");
    }

    @Test
    void printsLossAgainstRateAndTheSuggestion() {
        Run run = run(args());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("rate").contains("suggested learning_rate: ", "use it: ./dse train ... --lr ");
        assertThat(run.out().lines().filter(l -> l.matches("\\d\\.\\d\\de-\\d\\d .*"))).hasSizeGreaterThanOrEqualTo(10);
        Run bad = run("lr-find", "--dataset", "synthetic", "--min-lr", "1", "--max-lr", "0.1");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("lr-find: --min-lr: needs 0 < min_lr < max_lr");
    }
}
