package io.squeezenet.dse.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.sweep.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/** The nightly workflow parses, runs on a schedule and by hand, and its steps call real commands with real flags. */
class WorkflowFileTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNightlyMiniSweepRunsTheThreeCiPresetsAndPublishesTheirResults() throws Exception {
        Path file = Path.of("..").toAbsolutePath().normalize().resolve(".github/workflows/nightly-mini-sweep.yml");
        Map<String, Object> workflow = new Yaml().load(Files.readString(file));
        Map<String, Object> on = map(workflow.get("on"));
        assertThat(on).containsKeys("schedule", "workflow_dispatch");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) map(map(workflow.get("jobs")).get("mini-sweep"))
                .get("steps");

        List<String> presets = new ArrayList<>();
        for (Map<String, Object> step : steps) {
            String run = (String) step.get("run");
            if (run == null || !run.startsWith("./dse sweep run ")) {
                continue;
            }
            String[] args = run.substring("./dse sweep ".length()).trim().split("\\s+");
            // the flags are the command's own: picocli refuses an unknown one or a bad value
            CommandLine.ParseResult parsed = new CommandLine(new SweepCommand()).parseArgs(args);
            CommandLine.ParseResult sweepRun = parsed.subcommand();
            String preset = sweepRun.matchedOptionValue("--preset", "");
            assertThat(Preset.parse(preset).budget()).as(preset + " is a CI preset").isNotNull();
            assertThat(sweepRun.matchedOptionValue("--dataset", (Object) null)).hasToString("cifar10");
            assertThat(Arrays.asList(args)).contains("--junit", "--summary", "--service-dir");
            presets.add(preset);
        }
        assertThat(presets).containsExactly("ci-mini-sr", "ci-mini-pct", "ci-mini-bypass");
        String all = Files.readString(file);
        assertThat(all).contains("actions/setup-java", "java-version: \"17\"", "cache: maven", "cifar-10-binary",
                "GITHUB_STEP_SUMMARY", "actions/upload-artifact", "action-junit-report", "out/*/junit.xml");
    }
}
