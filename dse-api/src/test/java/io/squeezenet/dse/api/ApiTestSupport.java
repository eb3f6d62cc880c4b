package io.squeezenet.dse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.DseApplication;
import io.squeezenet.dse.db.testing.RealPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server on a free port over a real PostgreSQL, spoken to over HTTP as a notebook would. Every API test
 * extends this, so they share one server.
 */
@SpringBootTest(classes = DseApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dse.sweeps.max-trials=500", "server.address=127.0.0.1",
                // event streams end at once, so a plain GET of /api/v1/events (the matrix, the fuzz run) returns
                "dse.events.max-age=100ms"})
@Import(RealPostgres.class)
public abstract class ApiTestSupport {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        RealPostgres.dataDir(registry);
    }

    @Value("${local.server.port}")
    protected int port;
    @Value("${dse.data-dir}")
    protected java.nio.file.Path dataDir;

    protected final HttpClient http = HttpClient.newHttpClient();
    protected final JsonMapper json = JsonMapper.builder().build();

    /** What no 4xx body may show: Java packages, classes, Jackson's tokens and types. */
    public static final String JAVA_NAMES = "(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|io\\.squeezenet|org\\.springframework)\\."
            + "|\\b(JsonToken|VALUE_[A-Z_]+|START_[A-Z]+|Integer|Double|Long|Boolean|ArrayList|List<|TrainingSpec|"
            + "SweepRequest|Grid|Metaparameters|TrainingRecipe|Norm|Schedule|Initialization)\\b|Exception|`";

    protected HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The token the service wrote on its first start, as {@code ./dse up} does: writes need it. */
    protected String adminToken() {
        try {
            return java.nio.file.Files.readString(dataDir.resolve("admin-token")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** POST as the admin; {@code headers} may add or (with Authorization) replace. */
    protected HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (java.util.Arrays.stream(headers).noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", "Bearer " + adminToken());
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + adminToken()).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }

    /** Asserts an RFC 9457 problem with this status naming this field; returns it. */
    protected JsonNode problem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(body.get("field").asString()).as(response.body()).isEqualTo(field);
        }
        assertThat(body.path("detail").asString()).as("problem body in the API's words")
                .doesNotContainPattern(JAVA_NAMES);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
