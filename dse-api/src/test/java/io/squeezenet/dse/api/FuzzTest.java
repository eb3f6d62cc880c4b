package io.squeezenet.dse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Random requests against the real server: every endpoint it maps (and paths it does not), every method, random
 * path variables, query parameters, headers, tokens (none, malformed, reader, writer, admin, revoked) and bodies.
 * Not one may answer 5xx, and every 4xx is an RFC 9457 problem. Seeded, so a failure can be replayed;
 * {@code -Ddse.fuzz.requests=N} runs more, {@code -Ddse.fuzz.seed=S} others.
 */
class FuzzTest extends ApiTestSupport {

    static final int REQUESTS = Integer.getInteger("dse.fuzz.requests", 5000);
    static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD",
            "OPTIONS"};
    /** Path variables; never "admin": a DELETE /api/v1/tokens/admin would revoke the token the later tests use. */
    static final String[] SEGMENTS = {"0", "-1", "1", "99999999999999999999", "abc", "1.5", "%00", "%2e%2e", "..",
            "%F0%9F%98%80", "x".repeat(3000), "fuzz-nobody", "%7Bid%7D", "null", "1e3"};
    static final String[] PARAMETERS = {"page", "size", "status", "sort", "format", "x", "metric", "axis", "download"};
    static final String[] VALUES = {"0", "-1", "1", "100000", "abc", "", "SUCCEEDED", "succeeded", "accuracy", "size",
            "id", "%00", "1e400", "top1", "sr", "csv", "x".repeat(2000)};
    static final String[] ACCEPT = {null, "application/json", "*/*", "text/csv", "image/png", "image/svg+xml",
            "text/markdown", "text/html", "garbage", "application/problem+json"};
    static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
            "application/xml", "garbage"};

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void randomRequestsGetNo5xxAndEvery4xxIsAProblem() throws Exception {
        Random random = new Random(Long.getLong("dse.fuzz.seed", 20261129));
        List<String> patterns = new ArrayList<>(List.of("/", "/api", "/api/v2/sweeps", "/actuator/health",
                "/actuator/metrics", "/actuator/prometheus", "/actuator/env", "/nothing/here"));
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            patterns.addAll(info.getPatternValues());
        }
        List<String> tokens = tokens();
        long sweep = ok(post("/api/v1/sweeps", "{\"name\": \"fuzz target\", " + RandomJson.TRAINING + "}"))
                .get("id").asLong();

        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> reconnects = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String method = METHODS[random.nextInt(METHODS.length)];
            String path = path(random, patterns.get(random.nextInt(patterns.size())), sweep);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                    ? random.nextInt(4) == 0 ? "" : RandomJson.body(random) : null;
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            String token = tokens.get(random.nextInt(tokens.size()));
            if (token != null) {
                request.header("Authorization", token);
            }
            String accept = ACCEPT[random.nextInt(ACCEPT.length)];
            if (accept != null) {
                request.header("Accept", accept);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
            }
            if (random.nextInt(8) == 0) {
                request.header("Idempotency-Key", VALUES[random.nextInt(VALUES.length)].isEmpty() ? " " : "k" + random.nextInt(50));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closed) {
                // Tomcat closes a connection after a request it could not parse; the client may have reused it for
                // this one already. Sent again on a new connection, it must get an answer.
                reconnects.add(method + " " + path.substring(0, Math.min(path.length(), 120)) + ": " + closed.getMessage());
                response = java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            int status = response.statusCode();
            statuses.merge(status / 100 + "xx", 1, Integer::sum);
            String what = method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path) + " ("
                    + (token == null ? "no token" : token.length() > 40 ? token.substring(0, 40) + "..." : token)
                    + ", Accept " + accept + ") -> " + status;
            if (status >= 500) {
                failures.add(what + ": " + response.body());
            } else if (status >= 400 && !method.equals("HEAD")) {
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("application/problem+json")) {
                    failures.add(what + " with Content-Type '" + type + "': " + response.body());
                } else {
                    JsonNode problem = json.readTree(response.body());
                    if (problem.path("status").asInt() != status || problem.path("detail").asString().matches("(?s).*("
                            + JAVA_NAMES + ").*")) {
                        failures.add(what + " with the problem " + response.body());
                    }
                }
            }
        }
        System.out.println("fuzz: " + REQUESTS + " requests, " + statuses + "; sent again on a new connection: " + reconnects);
        assertThat(failures).as(failures.size() + " of " + REQUESTS + " requests").isEmpty();
        assertThat(statuses.keySet()).as("the run reached the API, not only its refusals").contains("2xx", "4xx");
        ok(post("/api/v1/sweeps", "{\"name\": \"after the fuzz\", " + RandomJson.TRAINING + "}"));   // the admin token survived
    }

    /** Authorization headers: none, each role's token, a revoked one and malformed ones. */
    private List<String> tokens() throws Exception {
        List<String> tokens = new ArrayList<>();
        tokens.add(null);
        tokens.add("Bearer " + adminToken());
        for (String role : List.of("reader", "writer")) {
            tokens.add("Bearer " + ok(post("/api/v1/tokens", "{\"name\": \"fuzz-" + role + "\", \"role\": \"" + role + "\"}"))
                    .get("token").asString());
        }
        String revoked = ok(post("/api/v1/tokens", "{\"name\": \"fuzz-revoked\", \"role\": \"admin\"}")).get("token").asString();
        assertThat(delete("/api/v1/tokens/fuzz-revoked").statusCode()).isEqualTo(204);
        tokens.addAll(List.of("Bearer " + revoked, "Bearer", "Bearer ", "bearer " + adminToken(), "Basic YWRtaW46YWRtaW4=",
                "Bearer dse_" + "A".repeat(43), "Bearer " + "x".repeat(8000), "Bearer dse_\u00e9\u00e8", "Token abc"));
        return tokens;
    }

    /** A path from the pattern with its variables filled at random (often with the fuzz target sweep's id). */
    private static String path(Random random, String pattern, long sweep) {
        String path = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(pattern).replaceAll(m -> java.util.regex.Matcher
                .quoteReplacement(random.nextBoolean() ? Long.toString(sweep) : SEGMENTS[random.nextInt(SEGMENTS.length)]));
        if (random.nextInt(3) == 0) {
            StringBuilder query = new StringBuilder("?");
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                query.append(PARAMETERS[random.nextInt(PARAMETERS.length)]).append('=')
                        .append(URLEncoder.encode(VALUES[random.nextInt(VALUES.length)], StandardCharsets.UTF_8))
                        .append('&');
            }
            path += query.substring(0, query.length() - 1);
        }
        return path;
    }
}
