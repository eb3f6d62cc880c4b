package io.squeezenet.dse.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ArchCommandTest {

    record Run(int status, String out, String err) {
    }

    /** Runs one of the model's commands, named first as on the launcher's command line, in-process. */
    static Run run(String... args) {
        Object command = switch (args[0]) {
            case "arch" -> new ArchCommand();
            case "train" -> new TrainCommand();
            case "lr-find" -> new LrFindCommand();
            case "eval" -> new EvalCommand();
            case "compress" -> new CompressCommand();
            default -> throw new IllegalArgumentException(args[0]);
        };
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        CommandLine cli = CommandLines.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void jsonGivesExactCountsForThePaperDesign() {
        Run run = run("arch", "--json");
        assertThat(run.status()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.get("params").asLong()).isEqualTo(1_248_424);
        assertThat(json.get("size_bytes").asLong()).isEqualTo(4_993_696);
        assertThat(json.get("size_mib").asDouble()).isBetween(4.76, 4.77);
        assertThat(json.get("layers")).hasSize(15);
        assertThat(json.get("layers").get(0).get("output").asString()).isEqualTo("111x111x96");
        assertThat(json.get("metaparameters").get("pct_3x3").asDouble()).isEqualTo(0.5);
        assertThat(json.get("metaparameters").get("bypass").asString()).isEqualTo("none");
        assertThat(json.get("deep_compression")).hasSize(2);
        assertThat(run.out().strip()).doesNotContain("\n");
    }

    /** torchvision's squeezenet1_1 has 1,235,496 parameters; its published 0.82 and 0.35 GMACs give v1.0/v1.1 = 2.35. */
    @Test
    void variantV11HasTorchvisionsCountAndAbout24TimesLessComputation() {
        JsonNode v11 = JsonMapper.builder().build().readTree(run("arch", "--variant", "v1.1", "--json").out());
        assertThat(v11.get("params").asLong()).isEqualTo(1_235_496);
        assertThat(v11.get("metaparameters").get("variant").asString()).isEqualTo("v1.1");
        assertThat(v11.get("layers").get(0).get("output").asString()).isEqualTo("113x113x64");
        JsonNode v10 = JsonMapper.builder().build().readTree(run("arch", "--json").out());
        assertThat(v10.get("params").asLong()).isEqualTo(1_248_424);
        assertThat(v10.get("metaparameters").get("variant").asString()).isEqualTo("v1.0");

        long macs10 = JsonMapper.builder().build().readTree(run("arch", "--input", "3x224x224", "--json").out()).get("macs").asLong();
        long macs11 = JsonMapper.builder().build().readTree(
                run("arch", "--variant", "v1.1", "--input", "3x224x224", "--json").out()).get("macs").asLong();
        assertThat(macs10).isBetween(815_000_000L, 825_000_000L);
        assertThat(macs11).isBetween(345_000_000L, 355_000_000L);
        assertThat((double) macs10 / macs11).isBetween(2.3, 2.5);
        assertThat(run("arch", "--variant", "v1.1").out()).contains("variant=v1.1").contains("MACs per image");
        Run bad = run("arch", "--variant", "v2");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--variant").contains("v1.0");
    }

    @Test
    void jsonForAnArbitraryDesignAgreesWithTheModel() {
        Run run = run("arch", "--json", "--base-e", "40", "--incr-e", "24", "--freq", "4", "--sr", "0.3",
                "--pct-3x3", "0.7", "--bypass", "complex", "--num-classes", "10", "--input", "1x28x28", "--stem", "small");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        Architecture expected = Architecture.derive(new Metaparameters(40, 24, 4, 0.3, 0.7, Bypass.COMPLEX), Stem.SMALL,
                new InputShape(1, 28, 28), 10);
        assertThat(json.get("params").asLong()).isEqualTo(expected.params());
        long sum = 0;
        for (JsonNode layer : json.get("layers")) {
            sum += layer.get("params").asLong();
        }
        assertThat(sum).isEqualTo(expected.params());
        assertThat(json.get("input").asString()).isEqualTo("1x28x28");
        assertThat(json.get("stem").asString()).isEqualTo("small");
    }

    @Test
    void tablePrintsTable1WithTotals() {
        Run run = run("arch");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("fire9", "13x13x512", "197,184", "total: 1,248,424 parameters = 4,993,696 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--sr NaN | --sr: must be a number with 0 < sr <= 1, got NaN",
            "--sr 0 | --sr: must be a number with 0 < sr <= 1",
            "--base-e abc | '--base-e': 'abc' is not an int",
            "--bypass loop | '--bypass': must be one of [none, simple, complex]",
            "--freq 1 --bypass simple | --bypass: simple bypass needs equal input and output channels around fire3",
            "--input 3x16x16 | --input: input 3x16x16 is too small",
            "--input 3by16 | '--input': must be CxHxW",
            "--num-classes 0 | --num-classes: must be in [1, 100000]",
            "--incr-e 99999 | --incr-e: the widest Fire module",
            "--pct-3x3 1.01 | --pct-3x3: must be a number with 0 <= pct_3x3 <= 1",
            "--stem huge | '--stem': must be one of [paper, small]",
            "--nope | Unknown option: '--nope'",
    })
    void badFlagsExitWithStatus2AndOneLineNamingTheFlag(String flags, String message) {
        String[] args = ("arch " + flags).split(" ");
        Run run = run(args);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).contains(message).doesNotContain("\n").doesNotContain("Exception");
    }
}
