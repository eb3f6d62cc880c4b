package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
 * The notebook path as a user takes it: examples/notebook.ipynb executed top to bottom, headless, by Debian's
 * jupyter-nbconvert (scripts/install-deps.sh installs it) against a standalone {@code ./dse up} on synthetic data.
 * A cell that fails fails this test.
 */
@Tag("notebook")
class NotebookTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path NBCONVERT = Path.of("/usr/bin/jupyter-nbconvert");

    @TempDir
    Path work;

    @Test
    void theNotebookRunsTopToBottomAgainstALocalServer() throws Exception {
        assertThat(NBCONVERT).as("jupyter-nbconvert: run scripts/install-deps.sh").isExecutable();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.poll=1s", "-cp", System.getProperty("java.class.path"),
                DseMain.class.getName(), "up", "--port", "0", "--data-dir", work.resolve("data").toString(),
                "--workers", "1").redirectErrorStream(true).start();
        try {
            int port = apiPort(server);
            String token = Files.readString(work.resolve("data/admin-token")).strip();
            // a copy, because the kernel works in the notebook's directory and the notebook writes its figure there
            Path notebook = Files.copy(ROOT.resolve("examples/notebook.ipynb"), work.resolve("notebook.ipynb"));
            ProcessBuilder nbconvert = new ProcessBuilder(NBCONVERT.toString(), "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=600", "--output-dir", work.toString(), "--output", "executed",
                    notebook.toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            // Debian's python3 and its packages, whatever else is first on the PATH (pyenv, a virtualenv)
            nbconvert.environment().put("PATH", "/usr/bin:/bin");
            nbconvert.environment().put("DSE_SERVER", "http://localhost:" + port);
            nbconvert.environment().put("DSE_TOKEN", token);
            nbconvert.environment().put("DSE_DATASET", "synthetic");
            nbconvert.environment().put("DSE_TRAIN_SUBSET", "1000");
            nbconvert.environment().put("DSE_EPOCHS", "2");
            Process run = nbconvert.start();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();

            JsonNode executed = JsonMapper.builder().build().readTree(work.resolve("executed.ipynb").toFile());
            List<String> errors = new ArrayList<>();
            for (JsonNode cell : executed.get("cells")) {
                for (JsonNode out : cell.path("outputs")) {
                    if (out.path("output_type").asString().equals("error")) {
                        errors.add(out.path("ename").asString() + ": " + out.path("evalue").asString());
                    }
                }
            }
            assertThat(errors).isEmpty();
            assertThat(work.resolve("notebook-figure.png")).isNotEmptyFile();
            assertThat(executed.toString()).contains("5 trials", "SUCCEEDED", "paper points");
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** notebook.ipynb is made from notebook.py (examples/make_notebook.py): every code cell is the script's. */
    @Test
    void theNotebookAndItsScriptAgree() throws Exception {
        agree("notebook.py", "notebook.ipynb");
    }

    /** A notebook examples/make_notebook.py made from a script: every code cell is the script's, one per "# %%". */
    static void agree(String scriptName, String notebookName) throws Exception {
        String script = Files.readString(ROOT.resolve("examples").resolve(scriptName));
        JsonNode notebook = JsonMapper.builder().build().readTree(ROOT.resolve("examples").resolve(notebookName).toFile());
        int cells = 0;
        for (JsonNode cell : notebook.get("cells")) {
            cells++;
            if (cell.get("cell_type").asString().equals("code")) {
                StringBuilder source = new StringBuilder();
                cell.get("source").forEach(line -> source.append(line.asString()));
                assertThat(script).as("run examples/make_notebook.py after editing " + scriptName).contains(source);
            }
        }
        assertThat(cells).isEqualTo(script.split("(?m)^# %%", -1).length - 1);
    }

    static int apiPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
        Pattern api = Pattern.compile("API: +http://localhost:(\\d+)/api/v1");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = api.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("dse up ended without announcing its API");
    }
}
