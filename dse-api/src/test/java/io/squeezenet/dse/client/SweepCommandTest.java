package io.squeezenet.dse.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.DseMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code dse sweep run} as a nightly CI job runs it, from a fresh start with no server: the CI preset on CIFAR-format
 * files, the JUnit XML and the summary it writes, the exit codes, a failed gate, and the baseline a second run finds.
 */
@Tag("e2e")
class SweepCommandTest {

    @TempDir
    Path work;

    record Run(int exit, String output) {
    }

    Run dse(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DseMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }

    List<String> ciRun(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "run", "--preset", "ci-mini-sr", "--dataset", "cifar10",
                "--data-dir", work.resolve("cifar").toString(), "--train-subset", "1000", "--test-subset", "500",
                "--epochs", "1", "--service-dir", work.resolve("service").toString(), "--out", work.resolve("out").toString(),
                "--junit", work.resolve("out/junit.xml").toString(), "--summary", work.resolve("out/summary.md").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void aCiRunOnCifarFilesPassesItsGatesAndAFloorTooHighFailsIt() throws Exception {
        CifarFiles.write(work.resolve("cifar"), 200, 500);

        Run passing = dse(ciRun().toArray(String[]::new));
        assertThat(passing.exit()).as(passing.output()).isZero();
        assertThat(passing.output()).contains("3 trials", "pass succeeded", "pass exact-size", "pass above-chance",
                "pass trend", "pass regression", "dse sweep: passed").doesNotContain(" INFO ");
        assertThat(passing.output()).contains("  compute: 3 of 3 epochs trained, 0.0% saved: 0 of 3 trials pruned, 0 reused");
        Document junit = xml(work.resolve("out/junit.xml"));
        assertThat(cases(junit, ".trials")).hasSize(3);
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        assertThat(Files.readString(work.resolve("out/summary.md"))).contains("(passed)", "| design |", "sr=1.0",
                "`trend`", "[figure.svg](figure.svg)", "Compute: 3 of 3 epochs trained");
        assertThat(Files.readString(work.resolve("out/figure.svg"))).contains("<svg");
        assertThat(Files.readString(work.resolve("out/results.csv"))).contains("cifar10");

        Run failing = dse(ciRun("--min-top1", "0.99").toArray(String[]::new));
        assertThat(failing.exit()).as(failing.output()).isEqualTo(1);
        assertThat(failing.output()).contains("FAIL min-top1: under 99.0%", "dse sweep: FAILED")
                .as("the second run finds the first as its baseline").contains("against sweep 1");
        Document failed = xml(work.resolve("out/junit.xml"));
        List<Element> gates = cases(failed, ".gates");
        Element floor = gates.stream().filter(g -> g.getAttribute("name").equals("min-top1")).findFirst().orElseThrow();
        assertThat(((Element) floor.getElementsByTagName("failure").item(0)).getAttribute("message")).contains("under 99.0%");
        assertThat(Integer.parseInt(((Element) failed.getElementsByTagName("testsuite").item(0)).getAttribute("failures")))
                .isPositive();
    }

    /** --compress measures Table 2 on every trained trial, and the run exports it beside the usual files. */
    @Test
    void aRunWithCompressionExportsTable2() throws Exception {
        Run run = dse("sweep", "run", "--dataset", "synthetic", "--base-e", "32", "--incr-e", "32", "--sr", "0.25",
                "--train-subset", "640", "--test-subset", "160", "--epochs", "2", "--input", "3x12x12",
                "--compress", "deep:0.33:6", "--compress", "int8", "--finetune-epochs", "0", "--no-keep-weights",
                "--service-dir", work.resolve("service").toString(), "--out", work.resolve("out").toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("table2.md", "compressions.csv");
        assertThat(Files.readString(work.resolve("out/table2.md"))).contains("| paper | SqueezeNet | none | 32 bit | 4.8 MB | 50x",
                "| ours | SqueezeNet base_e=32", "deep 33% 6-bit", "int8");
        assertThat(Files.readAllLines(work.resolve("out/compressions.csv"))).hasSize(1 + 2);
        assertThat(Files.readString(work.resolve("out/table2.svg"))).contains("<svg");
        assertThat(Files.readString(work.resolve("out/table2.json"))).contains("\"reduction_vs_alexnet\"");

        Run bad = dse("sweep", "submit", "--dataset", "synthetic", "--compress", "deep:2:8", "--server", "http://127.0.0.1:9");
        assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).contains("--compress", "density");
    }

    /**
     * An evolutionary search with ASHA from the command line, end to end on the embedded database and real training:
     * NSGA-II takes over after the startup designs, ASHA stops trials at a rung, their unused epochs buy more designs,
     * and the run writes the search's proposals and front.
     */
    @Test
    void anEvolutionarySearchWithAshaRunsEndToEnd() throws Exception {
        Run run = dse("sweep", "run", "--dataset", "synthetic", "--input", "3x12x12", "--train-subset", "640",
                "--test-subset", "160", "--epochs", "3", "--incr-e", "16", "--strategy", "evolutionary", "--budget", "5",
                "--startup", "3", "--search-seed", "3", "--space", "{\"base_e\": {\"min\": 16, \"max\": 64, \"step\": 16},"
                        + " \"sr\": {\"min\": 0.125, \"max\": 1.0}, \"bypass\": [\"none\", \"simple\", \"complex\"]}",
                "--size-mib-max", "0.5", "--pruner", "asha:1:3", "--no-keep-weights",
                "--service-dir", work.resolve("service").toString(), "--out", work.resolve("out").toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("proposals.json", "front.json", "pruned, ", "search: evolutionary: ");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var proposals = json.readTree(work.resolve("out/proposals.json").toFile());
        List<String> origins = new ArrayList<>();
        int pruned = 0;
        int trained = 0;
        for (var p : proposals) {
            if (p.get("outcome").asString().equals("queued")) {
                origins.add(p.get("origin").asString());
                var t = p.get("trials").get(0);
                assertThat(t.get("size_bytes").asLong()).isLessThanOrEqualTo(512 * 1024);
                if (t.get("status").asString().equals("PRUNED")) {
                    pruned++;
                    trained += t.get("pruned_at_epoch").asInt();
                    assertThat(t.get("pruned_at_epoch").asInt()).as("ASHA's only rung below 3 epochs").isEqualTo(1);
                } else {
                    assertThat(t.get("status").asString()).isEqualTo("SUCCEEDED");
                    trained += 3;
                }
            } else {
                assertThat(p.get("reason").asString()).contains("size_mib");
            }
        }
        // random until 3 designs trained to the end (a pruned one is not a result), then NSGA-II
        assertThat(origins.subList(0, 3)).containsOnly("random");
        int bred = origins.indexOf("nsga2");
        assertThat(bred).as(origins.toString()).isGreaterThanOrEqualTo(3);
        assertThat(origins.subList(bred, origins.size())).containsOnly("nsga2");
        assertThat(pruned).as(proposals.toString()).isPositive();
        assertThat(trained).as("the budget: 5 designs' worth of epochs").isLessThanOrEqualTo(5 * 3);
        assertThat(origins.size()).as("pruned trials gave back epochs for more designs").isGreaterThan(5);
        assertThat(json.readTree(work.resolve("out/front.json").toFile()).get("points")).isNotEmpty();

        Run bad = dse("sweep", "submit", "--dataset", "synthetic", "--budget", "4", "--server", "http://127.0.0.1:9",
                "--token", "x");
        assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).contains("--strategy");
        Run badPruner = dse("sweep", "submit", "--dataset", "synthetic", "--pruner", "asha:1", "--server", "http://127.0.0.1:9",
                "--token", "x");
        assertThat(badPruner.exit()).as(badPruner.output()).isEqualTo(2);
        assertThat(badPruner.output()).contains("--pruner", "asha:MIN_EPOCHS:REDUCTION");
    }

    @Test
    void badFlagsExitWith2AndNameTheFlag() throws Exception {
        Run unknownPreset = dse("sweep", "run", "--preset", "ci-mini-sx", "--dataset", "synthetic", "--service-dir",
                work.resolve("s").toString());
        assertThat(unknownPreset.exit()).as(unknownPreset.output()).isEqualTo(2);
        assertThat(unknownPreset.output()).contains("preset", "ci-mini-sx");
        Run badEpochs = dse("sweep", "submit", "--dataset", "synthetic", "--epochs", "0", "--server", "http://127.0.0.1:9");
        assertThat(badEpochs.exit()).as(badEpochs.output()).isEqualTo(2);
        assertThat(badEpochs.output()).contains("--epochs");
        Run noServer = dse("sweep", "status", "7", "--server", "http://127.0.0.1:9", "--token", "x");
        assertThat(noServer.exit()).as(noServer.output()).isEqualTo(1);
        assertThat(noServer.output()).contains("no service answers at http://127.0.0.1:9");
    }

    static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    static List<Element> cases(Document doc, String classSuffix) {
        NodeList all = doc.getElementsByTagName("testcase");
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("classname").endsWith(classSuffix)) {
                found.add(e);
            }
        }
        return found;
    }
}
