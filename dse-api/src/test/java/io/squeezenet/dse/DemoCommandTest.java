package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dse demo --quick --exit} as a user runs it: a separate process that trains for real and writes the files,
 * the first time on a machine that never ran the project (an empty home, temporary directory and caches), so what
 * a machine keeps from earlier runs (unpacked PostgreSQL and libtorch) cannot hide a broken first start.
 */
@Tag("e2e")
class DemoCommandTest {

    @TempDir
    Path work;

    record Run(int exit, List<String> output) {
    }

    /** The fresh machine's home: ~/.cache/squeezenet-dse and ~/.djl.ai start empty. */
    Path home() {
        return work.resolve("home");
    }

    Run demo(String... extra) throws Exception {
        Files.createDirectories(home());
        Files.createDirectories(work.resolve("tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Duser.home=" + home(), "-Djava.io.tmpdir=" + work.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), DseMain.class.getName(),
                "demo", "--quick", "--exit", "--port", "0", "--data-dir", work.resolve("data").toString(),
                "--out", work.resolve("out").toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String kept : List.of("DSE_CACHE_DIR", "XDG_CACHE_HOME", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
            builder.environment().remove(kept);
        }
        builder.environment().put("HOME", home().toString());
        Process p = builder.start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), lines);
    }

    @Test
    void aFirstRunOnAFreshMachineWritesTheFiguresResultsAndReportThenASecondReusesThem() throws Exception {
        Run first = demo("--preset", "table3");
        assertThat(first.exit()).as(String.join("\n", first.output())).isZero();
        // unpacked on first use into the project's cache and DJL's, not into the temporary directory
        Path binaries;
        try (java.util.stream.Stream<Path> versions = Files.list(home().resolve(".cache/squeezenet-dse/postgres"))) {
            binaries = versions.flatMap(v -> {
                try {
                    return Files.list(v);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(p -> p.getFileName().toString().startsWith("PG-")).findFirst().orElseThrow();
        }
        assertThat(binaries.resolve("bin/postgres")).isExecutable();
        assertThat(home().resolve(".djl.ai/pytorch")).isDirectory();
        assertThat(work.resolve("tmp/embedded-pg")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(d).isEmptyDirectory());
        Object unpacked = Files.readAttributes(binaries.resolve("bin/postgres"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // the terminal gets what happened and where; the framework's log goes to the data directory
        assertThat(first.output()).noneMatch(l -> l.contains(" INFO ") || l.contains("Hibernate"));
        assertThat(first.output()).anyMatch(l -> l.contains("3 of 3 trials succeeded"));
        assertThat(first.output()).anyMatch(l -> l.contains("figure.svg, figure.png, results.csv, summary.json, report.md"));
        assertThat(Files.readString(work.resolve("data/dse.log"))).containsPattern("Started Dse\\w+ in");
        Path out = work.resolve("out");
        for (String file : List.of("figure.svg", "figure.png", "results.csv", "summary.json", "report.md")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        JsonNode summary = JsonMapper.builder().build().readTree(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("study").asString()).isEqualTo("table3");
        assertThat(summary.get("points")).hasSize(3);
        for (JsonNode p : summary.get("points")) {
            assertThat(p.get("n").asInt()).isEqualTo(1);
            assertThat(p.get("top1_mean").asDouble()).as("above chance on Fashion-MNIST").isGreaterThan(0.2);
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Table 3", "| simple |", "60.4%");
        assertThat(Files.readString(out.resolve("figure.svg"))).startsWith("<?xml").contains("<svg");

        Run second = demo("--preset", "table3");
        assertThat(second.exit()).as(String.join("\n", second.output())).isZero();
        assertThat(Files.readAttributes(binaries.resolve("bin/postgres"), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey()).as("the second start uses the binaries the first unpacked").isEqualTo(unpacked);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        int reused = List.of(csv.get(0).split(",")).indexOf("reused_from");
        assertThat(csv.subList(1, csv.size())).hasSize(3).allMatch(row -> !row.split(",")[reused].isEmpty());
    }

    @Test
    void refusesAnUnknownPresetInOneLine() throws Exception {
        Run run = demo("--preset", "fig4");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).hasSize(1);
        assertThat(run.output().get(0)).contains("--preset: must be one of [fig3a, fig3b, table3], got 'fig4'");
    }
}
