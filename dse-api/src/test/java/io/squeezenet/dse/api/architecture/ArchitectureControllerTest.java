package io.squeezenet.dse.api.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Boots the real server on a free port and talks HTTP to it, as a notebook would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArchitectureControllerTest {

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void previewsTheExactSizeOfADesign() throws Exception {
        HttpResponse<String> v10 = get("/api/v1/architectures");
        assertThat(v10.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(v10.body());
        assertThat(body.get("params").asLong()).isEqualTo(1_248_424);
        assertThat(body.get("size_bytes").asLong()).isEqualTo(4_993_696);
        assertThat(body.get("layers")).hasSize(15);

        JsonNode complex = json.readTree(get("/api/v1/architectures?bypass=complex").body());
        assertThat(complex.get("params").asLong()).isEqualTo(1_589_672);
    }

    @Test
    void refusesBadInputWithAProblemNamingTheField() throws Exception {
        HttpResponse<String> nan = get("/api/v1/architectures?sr=NaN");
        assertThat(nan.statusCode()).isEqualTo(400);
        assertThat(nan.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(nan.body());
        assertThat(problem.get("field").asString()).isEqualTo("sr");
        assertThat(problem.get("detail").asString()).contains("0 < sr <= 1");

        HttpResponse<String> wrongType = get("/api/v1/architectures?base_e=wide");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("base_e");

        HttpResponse<String> bypass = get("/api/v1/architectures?freq=1&bypass=simple");
        assertThat(bypass.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bypass.body()).get("field").asString()).isEqualTo("bypass");
    }
}
