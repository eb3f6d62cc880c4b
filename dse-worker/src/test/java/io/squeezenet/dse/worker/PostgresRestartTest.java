package io.squeezenet.dse.worker;

import io.squeezenet.dse.workerprocess.DseWorkerApplication;
import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.db.queue.TrialQueue;
import io.squeezenet.dse.db.standalone.EmbeddedPostgresServer;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** PostgreSQL stopped and started again during a sweep: the worker reconnects and nothing is lost. */
@SpringBootTest(classes = DseWorkerApplication.class, properties = {"dse.worker.enabled=true",
        "dse.worker.lease=4s", "dse.worker.heartbeat=1s", "dse.worker.poll=2s",
        "spring.datasource.hikari.connection-timeout=2000"})
@Tag("chaos")
class PostgresRestartTest {

    static Path dataDir;
    static int port;
    static EmbeddedPostgresServer server;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("dse-restart");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = EmbeddedPostgresServer.start(dataDir, port);
        registry.add("spring.datasource.url", server::jdbcUrl);
        registry.add("spring.datasource.username", server::username);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Autowired
    SweepRepository sweeps;
    @Autowired
    TrialRepository trials;
    @Autowired
    TrialQueue queue;

    @Test
    void workersReconnectAndTheSweepCompletes() throws Exception {
        long sweep = Trials.queue(sweeps, trials, queue, 6, 3, 960);
        Trials.await("a first trial succeeds", Duration.ofMinutes(2), () -> trials.findBySweepIdOrderById(sweep)
                .stream().anyMatch(t -> t.getStatus() == TrialStatus.SUCCEEDED));
        server.close();
        Thread.sleep(3000);   // the worker's writes and claims fail meanwhile
        server = EmbeddedPostgresServer.start(dataDir, port);
        Trials.await("every trial succeeds", Duration.ofMinutes(3),
                () -> safeAll(sweep));
        List<Trial> done = trials.findBySweepIdOrderById(sweep);
        assertThat(done).hasSize(6).allSatisfy(t -> {
            assertThat(t.getStatus()).isEqualTo(TrialStatus.SUCCEEDED);
            assertThat(t.getResult()).contains("\"top1\"");
        });
    }

    private boolean safeAll(long sweep) {
        try {
            return Trials.all(trials, sweep, TrialStatus.SUCCEEDED);
        } catch (RuntimeException databaseStillComingBack) {
            return false;
        }
    }
}
