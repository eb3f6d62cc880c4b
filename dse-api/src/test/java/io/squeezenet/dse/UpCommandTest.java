package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dse up} as a user runs it: a separate process on the embedded database, stopped and started again. */
@Tag("e2e")
class UpCommandTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    record Server(Process process, int port, java.util.List<String> output) {
    }

    Server up() throws Exception {
        return up(0);
    }

    /** {@code dse up} with this many in-process workers (a 1 s grace period, so a stop does not wait long). */
    Server up(int workers) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.grace=1s", "-cp", System.getProperty("java.class.path"),
                DseMain.class.getName(), "up", "--port", "0", "--data-dir", dataDir.toString(), "--workers",
                String.valueOf(workers)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        Pattern api = Pattern.compile("API: +http://localhost:(\\d+)/api/v1");
        String line;
        java.util.List<String> before = new java.util.ArrayList<>();
        while ((line = out.readLine()) != null) {
            Matcher m = api.matcher(line);
            if (!m.find()) {
                before.add(line);
            } else {
                // the framework's log goes to <data-dir>/dse.log: the terminal shows only what the user needs
                assertThat(before).as("terminal output before the API line").hasSizeLessThan(3)
                        .noneMatch(l -> l.contains(" INFO ") || l.contains("Spring"));
                assertThat(dataDir.resolve("dse.log")).exists();
                int port = Integer.parseInt(m.group(1));
                java.util.List<String> output = java.util.Collections.synchronizedList(new java.util.ArrayList<>(before));
                output.add(line);
                Thread drain = new Thread(() -> out.lines().forEach(output::add));
                drain.setDaemon(true);
                drain.start();
                return new Server(p, port, output);
            }
        }
        throw new AssertionError("dse up ended without announcing its API");
    }

    /** {@code dse worker} on this data directory, as a user starts it: it finds the database through jdbc-url. */
    Process worker() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Ddse.worker.poll=2s", "-cp", System.getProperty("java.class.path"),
                DseMain.class.getName(), "worker", "--data-dir", dataDir.toString(), "--name", "early-worker")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("worker.log").toFile()).start();
        return p;
    }

    HttpResponse<String> send(int port, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Bearer " + Files.readString(dataDir.resolve("admin-token")).strip());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * SIGTERM while the in-process worker trains: the worker gives the trial back before the database stops (the
     * database's own shutdown hook used to race it), so after a restart the trial is queued, its attempt not counted.
     */
    @Test
    void aStopMidTrialGivesTheTrialBackBeforeTheDatabaseStops() throws Exception {
        Server server = up(1);
        long trial;
        try {
            HttpResponse<String> created = send(server.port(), "/api/v1/sweeps", "{\"name\": \"long\", \"grid\": {\"base_e\": [32],"
                    + " \"incr_e\": [32], \"sr\": [0.25]}, \"training\": {\"dataset\": \"synthetic\", \"train_subset\": 960,"
                    + " \"test_subset\": 200, \"epochs\": 200, \"batch_size\": 32, \"input_size\": \"3x12x12\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            trial = JSON.readTree(created.body()).get("trials").get(0).get("id").asLong();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3))
                    .until(() -> JSON.readTree(send(server.port(), "/api/v1/trials/" + trial, null).body()).get("epochs").size() > 0);
        } finally {
            server.process().destroy();   // SIGTERM
            assertThat(server.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        Server again = up(0);
        try {
            tools.jackson.databind.JsonNode t = JSON.readTree(send(again.port(), "/api/v1/trials/" + trial, null).body());
            assertThat(t.get("status").asString()).as(t.toString()).isEqualTo("QUEUED");
            assertThat(t.get("attempt").asInt()).as("a release does not count an attempt").isZero();
        } finally {
            again.process().destroy();
            again.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code --workers 2}: two trials train side by side, one in the service and one in the worker process it
     * started; killed without a chance to stop it (SIGKILL), the service leaves no worker behind.
     */
    @Test
    void twoWorkersTrainSideBySideAndTheSecondProcessEndsWithTheService() throws Exception {
        Server server = up(2);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> String.join("\n", server.output()).contains("workers:"));
            assertThat(String.join("\n", server.output())).contains("workers:    2 trials at once, 1 thread each, on the CPU");
            HttpResponse<String> created = send(server.port(), "/api/v1/sweeps", "{\"name\": \"side by side\", \"grid\":"
                    + " {\"base_e\": [32], \"incr_e\": [32], \"sr\": [0.25, 0.5]}, \"training\": {\"dataset\": \"synthetic\","
                    + " \"train_subset\": 960, \"test_subset\": 200, \"epochs\": 200, \"batch_size\": 32, \"input_size\": \"3x12x12\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = JSON.readTree(created.body()).get("id").asLong();
            java.util.Set<String> workers = new java.util.HashSet<>();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3)).pollInterval(java.time.Duration.ofSeconds(1))
                    .until(() -> {
                        workers.clear();
                        for (tools.jackson.databind.JsonNode t : JSON.readTree(send(server.port(), "/api/v1/sweeps/" + id
                                + "/trials", null).body()).get("content")) {
                            if (t.get("status").asString().equals("RUNNING")) {   // each process runs one at a time
                                workers.add(t.get("worker").asString());
                            }
                        }
                        return workers.size() == 2;
                    });
            assertThat(workers).as("two workers, each training a trial").anyMatch(w -> w.endsWith("-2"));
            // the other child is PostgreSQL; the JDK cuts long command lines short, /proc has them whole
            ProcessHandle child = server.process().toHandle().children()
                    .filter(h -> h.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
            String commandLine = Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline")).replace('\0', ' ');
            assertThat(commandLine).contains(" worker ", "--trial-threads=1", "--parent-pid=" + server.process().pid())
                    .as("the password stays out of the command line").doesNotContain("password");
            server.process().destroyForcibly();   // SIGKILL: no stop reaches the child
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> !child.isAlive());
        } finally {
            server.process().destroyForcibly();
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
        Server again = up(0);   // takes over the database the killed service left running, and stops it cleanly
        again.process().destroy();
        assertThat(again.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void comesUpOnTheEmbeddedDatabaseAndKeepsSweepsAcrossARestart() throws Exception {
        Server first = up();
        String jdbcUrl = Files.readString(dataDir.resolve("jdbc-url"));
        Process worker = worker();
        long kept;
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + first.port()
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> created = send(first.port(), "/api/v1/sweeps",
                    "{\"name\": \"kept\", \"preset\": \"table3\", \"training\": {\"dataset\": \"synthetic\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            kept = JSON.readTree(created.body()).get("id").asLong();
            securedAsAUserFindsIt(first.port());
            assertThat(jdbcUrl).startsWith("jdbc:postgresql://127.0.0.1:").contains("?user=dse&password=");
            String password = jdbcUrl.strip().replaceAll(".*password=", "");
            assertThat(String.join("\n", first.output())).as("the terminal").contains("?user=dse   (with its password in")
                    .doesNotContain(password);
            assertThat(Files.readString(dataDir.resolve("dse.log"))).as("the log").doesNotContain(password);

            // a second dse up on the same data directory is refused in one line and leaves the first one running
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DseMain.class.getName(),
                    "up", "--port", "0", "--data-dir", dataDir.toString(), "--workers", "0")
                    .redirectErrorStream(true).start();
            String output = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(output).contains("is in use by a running squeezenet-dse (pid " + first.process().pid() + ")");
            HttpResponse<String> stillHere = send(first.port(), "/api/v1/sweeps",
                    "{\"name\": \"still here\", \"training\": {\"dataset\": \"synthetic\"}}");
            assertThat(stillHere.statusCode()).as("the first server still has its database").isEqualTo(201);
            send(first.port(), "/api/v1/sweeps/" + JSON.readTree(stillHere.body()).get("id").asLong() + "/cancel", "");
        } finally {
            first.process().destroyForcibly();   // SIGKILL: its PostgreSQL is left running on the data directory
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        Server second = up();
        try {
            HttpResponse<String> sweeps = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + second.port()
                    + "/api/v1/sweeps")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sweeps.body()).contains("\"name\":\"kept\"", "\"trial_count\":3");
            assertThat(Files.readString(dataDir.resolve("jdbc-url"))).as("the database keeps its address").isEqualTo(jdbcUrl);
            // the worker started before the restart trains a sweep submitted after it (the kept one is cancelled)
            assertThat(send(second.port(), "/api/v1/sweeps/" + kept + "/cancel", "").statusCode()).isEqualTo(200);
            HttpResponse<String> created = send(second.port(), "/api/v1/sweeps", "{\"name\": \"after\", \"grid\": {\"base_e\": [32],"
                    + " \"incr_e\": [32], \"sr\": [0.25]}, \"training\": {\"dataset\": \"synthetic\", \"train_subset\": 960,"
                    + " \"test_subset\": 200, \"epochs\": 2, \"batch_size\": 32, \"input_size\": \"3x12x12\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = JSON.readTree(created.body()).get("id").asLong();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(4)).pollInterval(java.time.Duration.ofSeconds(1))
                    .until(() -> JSON.readTree(send(second.port(), "/api/v1/sweeps/" + id, null).body())
                            .get("status").asString(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
            tools.jackson.databind.JsonNode trial = JSON.readTree(send(second.port(), "/api/v1/sweeps/" + id + "/trials", null).body())
                    .get("content").get(0);
            assertThat(trial.get("worker").asString()).isEqualTo("early-worker");
            assertThat(trial.get("status").asString()).as(trial.toString()).isEqualTo("SUCCEEDED");
        } finally {
            worker.destroy();
            worker.waitFor(60, TimeUnit.SECONDS);
            second.process().destroy();   // SIGTERM: a clean stop, which also stops its PostgreSQL
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Standalone security as a user meets it: the service listens on loopback only, its first admin token is in
     * the data directory for its owner only, a write without a token is refused (401), with a reader token too (403,
     * the token made with ./dse token create), and with the admin token it is accepted (the POST above).
     */
    void securedAsAUserFindsIt(int port) throws Exception {
        Path adminToken = dataDir.resolve("admin-token");
        assertThat(java.nio.file.Files.getPosixFilePermissions(adminToken))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String body = "{\"name\": \"anyone\", \"training\": {\"dataset\": \"synthetic\"}}";
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/sweeps")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);

        Process create = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DseMain.class.getName(), "token", "create", "notebook",
                "--role", "reader", "--server", "http://localhost:" + port, "--data-dir", dataDir.toString()).start();
        String reader = new String(create.getInputStream().readAllBytes()).strip();
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(new String(create.getErrorStream().readAllBytes())).isZero();
        assertThat(reader).startsWith("dse_").doesNotContain("\n");
        HttpResponse<String> asReader = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/sweeps")).header("Content-Type", "application/json").header("Authorization", "Bearer " + reader)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asReader.statusCode()).as(asReader.body()).isEqualTo(403);

        // from another interface of this machine (when it has one), nothing listens
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                                new java.net.InetSocketAddress(address, port), 2000))
                                .as("port %d on %s", port, address).isInstanceOf(java.io.IOException.class);
                    }
                }
            }
        }
    }
}
