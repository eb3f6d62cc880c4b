package io.squeezenet.dse.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The live stream as a dashboard or a notebook reads it: a submit is one {@code sweep} event however many trials it
 * queued, a trial that changes status alone is a {@code trial} event naming it, an epoch is an {@code epoch} event,
 * a cancel of many trials is one {@code sweep} event, and {@code sweep_id} filters out other sweeps. The changes are
 * made the way a worker in another process makes them: in the database.
 */
// a view cache longer than any test: a view read again proves the database's announcement reached the cache
@TestPropertySource(properties = {"dse.events.max-age=2m", "dse.sweeps.view-cache=10m"})
class EventStreamTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    /** Reads the stream's lines as they come, on a thread of the HTTP client's. */
    List<String> listen(String query) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/events" + query)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    void await(List<String> lines, String... expected) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(String.join("\n", lines))
                .contains(expected));
    }

    @Test
    void changesArriveAsEventsOnePerStatementAndFilteredBySweep() throws Exception {
        List<String> all = listen("");
        long sweep = ok(post("/api/v1/sweeps", "{\"name\": \"watched\", \"grid\": {\"sr\": [0.25, 0.5, 1.0]},"
                + " \"training\": {\"dataset\": \"synthetic\"}}")).get("id").asLong();
        await(all, "event:sweep", "\"sweep_id\":" + sweep);
        List<String> mine = listen("?sweep_id=" + sweep);
        long other = ok(post("/api/v1/sweeps", "{\"name\": \"other\", \"training\": {\"dataset\": \"synthetic\"}}"))
                .get("id").asLong();

        long trial = jdbc.queryForObject("SELECT min(id) FROM trials WHERE sweep_id = ?", Long.class, sweep);
        jdbc.update("UPDATE trials SET status = 'RUNNING', attempt = 1, claim = nextval('trial_claims') WHERE id = ?", trial);
        await(mine, "event:trial", "\"trial_id\":" + trial, "\"status\":\"RUNNING\"");
        jdbc.update("UPDATE trials SET lease_expires_at = now() + interval '1 minute' WHERE id = ?", trial);
        jdbc.update("""
                INSERT INTO trial_epochs (trial_id, claim, attempt, epoch, train_loss, images_per_second, top1, top5)
                SELECT id, claim, 1, 1, 2.0, 100, 0.5, 0.9 FROM trials WHERE id = ?""", trial);
        await(mine, "event:epoch", "\"epoch\":1");
        ok(post("/api/v1/sweeps/" + sweep + "/cancel", null));
        await(mine, "\"type\":\"sweep\"");

        String stream = String.join("\n", mine);
        assertThat(stream).doesNotContain("\"sweep_id\":" + other);
        assertThat(stream.split("event:trial", -1)).as("the heartbeat-like update sent nothing").hasSize(2);
        assertThat(String.join("\n", all)).as("the unfiltered stream sees the other sweep").contains("\"sweep_id\":" + other);
        long submitEvents = all.stream().filter(l -> l.contains("\"type\":\"sweep\"") && l.contains("\"sweep_id\":" + sweep))
                .count();
        assertThat(submitEvents).as("one event for the 3-trial submit, one for the cancel").isEqualTo(2);
    }

    /** GET of a sweep is cached, and forgets the sweep when the database announces a change, whoever made it. */
    @Test
    void aCachedSweepIsReadAgainWhenTheDatabaseChangesIt() throws Exception {
        long sweep = ok(post("/api/v1/sweeps", "{\"name\": \"cached\", \"training\": {\"dataset\": \"synthetic\"}}"))
                .get("id").asLong();
        assertThat(ok(get("/api/v1/sweeps/" + sweep)).get("counts").get("QUEUED").asLong()).isEqualTo(1);
        jdbc.update("UPDATE trials SET status = 'FAILED', attempt = 1, error = 'a worker elsewhere', finished_at = now()"
                + " WHERE sweep_id = ?", sweep);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ok(get("/api/v1/sweeps/" + sweep)).get("status")
                .asString(), "FAILED"::equals);
        jdbc.update("UPDATE sweeps SET priority = 7 WHERE id = ?", sweep);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ok(get("/api/v1/sweeps/" + sweep)).get("priority")
                .asInt() == 7);
    }
}
