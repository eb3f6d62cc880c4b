package io.squeezenet.dse.api.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.DseMain;
import io.squeezenet.dse.api.ApiTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class ArchitectureControllerTest extends ApiTestSupport {

    @Test
    void healthIsUp() throws Exception {
        assertThat(ok(get("/actuator/health")).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void answersExactlyWhatDseArchJsonPrints() throws Exception {
        String[][] cases = {
                {"", ""},
                {"?bypass=complex", "--bypass complex"},
                {"?base_e=40&incr_e=24&freq=4&sr=0.3&pct_3x3=0.7&num_classes=10&input=1x28x28&stem=small",
                        "--base-e 40 --incr-e 24 --freq 4 --sr 0.3 --pct-3x3 0.7 --num-classes 10 --input 1x28x28 --stem small"},
        };
        for (String[] c : cases) {
            JsonNode api = ok(get("/api/v1/architectures" + c[0]));
            assertThat(api).isEqualTo(cli(("arch --json " + c[1]).trim().split(" ")));
        }
        assertThat(ok(get("/api/v1/architectures")).get("params").asLong()).isEqualTo(1_248_424);
        assertThat(ok(get("/api/v1/architectures?bypass=complex")).get("params").asLong()).isEqualTo(1_589_672);
        assertThat(get("/api/v1/architectures").headers().firstValue("Cache-Control")).as("a pure function of the query")
                .hasValueSatisfying(v -> assertThat(v).contains("max-age=3600", "public").doesNotContain("no-store"));
    }

    private JsonNode cli(String... args) {
        CommandLine cli = DseMain.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return json.readTree(out.toString());
    }

    @Test
    void refusesBadInputWithAProblemNamingTheField() throws Exception {
        assertThat(problem(get("/api/v1/architectures?sr=NaN"), 400, "sr").get("detail").asString()).contains("0 < sr <= 1");
        assertThat(problem(get("/api/v1/architectures?base_e=wide"), 400, null).get("detail").asString()).contains("base_e");
        problem(get("/api/v1/architectures?freq=1&bypass=simple"), 400, "bypass");
        problem(get("/api/v1/architectures?input=3x8x8"), 400, "input");
        problem(get("/api/v1/architectures?bypass=sideways"), 400, "bypass");
        problem(get("/api/v1/architectures?variant=v2"), 400, "variant");
        assertThat(ok(get("/api/v1/architectures?variant=v1.1")).get("params").asLong()).isEqualTo(1_235_496);
    }
}
