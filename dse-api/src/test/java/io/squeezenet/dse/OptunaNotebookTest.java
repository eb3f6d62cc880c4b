package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * examples/optuna.ipynb executed top to bottom, headless, against a standalone {@code ./dse up} with two workers on
 * synthetic data: Optuna's TPE chooses the designs, the service checks them against the size constraint, trains them
 * for real and prunes with ASHA. Runs with the Optuna environment scripts/install-deps.sh makes (Debian has no
 * Optuna), and then checks the notebook's claims against the service's own record of the sweep.
 */
@Tag("notebook")
class OptunaNotebookTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Where scripts/install-deps.sh puts it. */
    static final Path VENV = io.squeezenet.dse.model.cache.ProjectCache.root().resolve("optuna-venv");
    static final int BUDGET = 4;

    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void optunaDrivesTheServiceThroughAnExternalSearch() throws Exception {
        Path python = VENV.resolve("bin/python");
        assertThat(python).as("the Optuna environment: run scripts/install-deps.sh").isExecutable();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.poll=1s", "-cp", System.getProperty("java.class.path"),
                DseMain.class.getName(), "up", "--port", "0", "--data-dir", work.resolve("data").toString(),
                "--workers", "2").redirectErrorStream(true).start();
        try {
            String api = "http://localhost:" + NotebookTest.apiPort(server);
            String token = Files.readString(work.resolve("data/admin-token")).strip();
            awaitWorkers(api, token, 2); // so the study's default n_jobs (one per live worker) is 2, not a race
            // copies, because the kernel works in the notebook's directory and imports optuna_dse from there
            Path notebook = Files.copy(ROOT.resolve("examples/optuna.ipynb"), work.resolve("optuna.ipynb"));
            Files.copy(ROOT.resolve("examples/optuna_dse.py"), work.resolve("optuna_dse.py"));
            // nbconvert in the environment's python, so that the kernel it starts is the environment's (with Optuna)
            ProcessBuilder nbconvert = new ProcessBuilder(python.toString(), "-m", "nbconvert", "--to", "notebook",
                    "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", work.toString(),
                    "--output", "executed", notebook.toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            nbconvert.environment().put("PATH", "/usr/bin:/bin");
            // the environment's kernel before any user's own python3 kernel (~/.local/share/jupyter)
            nbconvert.environment().put("JUPYTER_PATH", VENV.resolve("share/jupyter").toString());
            nbconvert.environment().put("DSE_SERVER", api);
            nbconvert.environment().put("DSE_TOKEN", token);
            nbconvert.environment().put("DSE_DATASET", "synthetic");
            nbconvert.environment().put("DSE_TRAIN_SUBSET", "500");
            nbconvert.environment().put("DSE_EPOCHS", "2");
            Process run = nbconvert.start();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(15, TimeUnit.MINUTES)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();

            JsonNode executed = json.readTree(work.resolve("executed.ipynb").toFile());
            List<String> errors = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            boolean svg = false;
            for (JsonNode cell : executed.get("cells")) {
                for (JsonNode out : cell.path("outputs")) {
                    if (out.path("output_type").asString().equals("error")) {
                        errors.add(out.path("ename").asString() + ": " + out.path("evalue").asString());
                    }
                    out.path("text").forEach(line -> text.append(line.asString()));
                    svg |= out.path("data").has("image/svg+xml");
                }
            }
            assertThat(errors).isEmpty();
            assertThat(svg).as("the sweep's figure is shown").isTrue();
            Matcher study = Pattern.compile("sweep (\\d+): (\\d+) Optuna trials").matcher(text);
            Matcher best = Pattern.compile("Optuna's best top-1: ([0-9.]+)").matcher(text);
            assertThat(study.find() && best.find()).as(text.toString()).isTrue();
            long sweepId = Long.parseLong(study.group(1));
            int optunaTrials = Integer.parseInt(study.group(2));

            // the sweep reached its budget and every design it trained finished
            JsonNode sweep = get(api, token, "/api/v1/sweeps/" + sweepId);
            assertThat(sweep.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(sweep.get("search").get("designs").asInt()).isEqualTo(BUDGET);
            // every Optuna trial was one proposal (no repeats or invalid designs in this space), all from Optuna
            JsonNode proposals = get(api, token, "/api/v1/sweeps/" + sweepId + "/proposals");
            assertThat(proposals).hasSize(optunaTrials);
            assertThat(sweep.get("search").get("proposals").asInt()).isEqualTo(optunaTrials);
            double bestTrained = -1;
            int queued = 0;
            for (JsonNode p : proposals) {
                assertThat(p.get("origin").asString()).isEqualTo("external");
                if (p.get("outcome").asString().equals("constrained")) {
                    assertThat(p.get("reason").asString()).contains("size_mib");
                    assertThat(p.path("trials")).isEmpty();
                    continue;
                }
                queued++;
                for (JsonNode t : p.get("trials")) {
                    assertThat(t.get("status").asString()).isIn("SUCCEEDED", "PRUNED");
                    assertThat(t.get("size_bytes").asLong()).isLessThanOrEqualTo(3L << 20);
                    if (t.get("status").asString().equals("SUCCEEDED")) {
                        bestTrained = Math.max(bestTrained, t.get("top1").asDouble());
                    }
                }
            }
            assertThat(queued).isEqualTo(BUDGET);
            // what Optuna was told is what the service measured: its best is the front's most accurate design
            double optunaBest = Double.parseDouble(best.group(1));
            assertThat(optunaBest).isEqualTo(bestTrained, within(1e-12));
            double frontBest = -1;
            for (JsonNode point : get(api, token, "/api/v1/sweeps/" + sweepId + "/front").get("points")) {
                frontBest = Math.max(frontBest, point.get("top1_mean").asDouble());
            }
            assertThat(optunaBest).isEqualTo(frontBest, within(1e-12));
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** optuna.ipynb is made from optuna_notebook.py (examples/make_notebook.py): every code cell is the script's. */
    @Test
    void theNotebookAndItsScriptAgree() throws Exception {
        NotebookTest.agree("optuna_notebook.py", "optuna.ipynb");
    }

    JsonNode get(String api, String token, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void awaitWorkers(String api, String token, int n) {
        org.awaitility.Awaitility.await(n + " workers come up").atMost(java.time.Duration.ofMinutes(2))
                .pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
                    int alive = 0;
                    for (JsonNode w : get(api, token, "/api/v1/workers")) {
                        alive += w.get("alive").asBoolean() ? 1 : 0;
                    }
                    return alive >= n;
                });
    }
}
