package io.squeezenet.dse.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the server maps, called as every kind of caller, against the rule it must follow. The endpoint list
 * comes from the server itself, so an endpoint added without a rule here fails this test.
 */
class AuthorizationMatrixTest extends ApiTestSupport {

    /** Who may call an endpoint. */
    enum Rule { PAGE, READ, SUBMIT, OWNER_OR_ADMIN, ADMIN }

    /** Every endpoint and its rule; "METHOD pattern" as the server maps it. */
    static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        for (String get : List.of("/api/v1/sweeps", "/api/v1/sweeps/{id}", "/api/v1/sweeps/{id}/trials",
                "/api/v1/sweeps/{id}/summary", "/api/v1/sweeps/{id}/figure.svg", "/api/v1/sweeps/{id}/figure.png",
                "/api/v1/sweeps/{id}/table3", "/api/v1/sweeps/{id}/report.md", "/api/v1/sweeps/{id}/results.csv",
                "/api/v1/sweeps/{id}/results.json", "/api/v1/sweeps/{id}/gates", "/api/v1/trials/{id}", "/api/v1/workers",
                "/api/v1/sweeps/{id}/table2", "/api/v1/sweeps/{id}/table2.json", "/api/v1/sweeps/{id}/table2.csv",
                "/api/v1/sweeps/{id}/table2.md", "/api/v1/sweeps/{id}/table2.svg", "/api/v1/sweeps/{id}/compressions.csv",
                "/api/v1/sweeps/{id}/compressions.json", "/api/v1/trials/{id}/weights", "/api/v1/sweeps/{id}/front",
                "/api/v1/sweeps/{id}/proposals",
                "/api/v1/architectures", "/api/v1/events", "/api/v1/presets",
                "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html", "/error")) {
            RULES.put("GET " + get, Rule.READ);
        }
        RULES.put("POST /api/v1/sweeps/preview", Rule.READ);   // plans, stores nothing
        for (String page : List.of("/", "/sweeps/{id:\\d+}", "/trials/{id:\\d+}", "/new", "/workers")) {
            RULES.put("GET " + page, Rule.PAGE);
        }
        RULES.put("POST /api/v1/sweeps", Rule.SUBMIT);
        RULES.put("POST /api/v1/sweeps/{id}/cancel", Rule.OWNER_OR_ADMIN);
        RULES.put("POST /api/v1/sweeps/{id}/retry-failed", Rule.OWNER_OR_ADMIN);
        RULES.put("POST /api/v1/sweeps/{id}/gates", Rule.OWNER_OR_ADMIN);
        RULES.put("POST /api/v1/sweeps/{id}/designs", Rule.OWNER_OR_ADMIN);
        RULES.put("DELETE /api/v1/sweeps/{id}", Rule.OWNER_OR_ADMIN);
        RULES.put("GET /api/v1/tokens", Rule.ADMIN);
        RULES.put("POST /api/v1/tokens", Rule.ADMIN);
        RULES.put("DELETE /api/v1/tokens/{name}", Rule.ADMIN);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /** The server's own list of endpoints: "METHOD pattern" for every method of every mapping. */
    List<String> endpoints() {
        TreeSet<String> all = new TreeSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    all.add("GET " + pattern);   // mapped for every method: GET is the one clients use
                } else {
                    methods.forEach(m -> all.add(m.name() + " " + pattern));
                }
            }
        }
        return new ArrayList<>(all);
    }

    @Test
    void everyEndpointHasARule() {
        assertThat(RULES.keySet()).as("endpoints without a rule in this test").containsAll(endpoints());
        assertThat(endpoints()).as("rules for endpoints that no longer exist").containsAll(RULES.keySet());
    }

    @Test
    void everyCallerGetsWhatItsRoleAllowsOnEveryEndpoint() throws Exception {
        String admin = adminToken();
        String reader = token("matrix-reader", "reader");
        String writer = token("matrix-writer", "writer");
        String other = token("matrix-other", "writer");
        String revoked = token("matrix-revoked", "writer");
        assertThat(delete("/api/v1/tokens/matrix-revoked").statusCode()).isEqualTo(204);

        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints()) {
            Rule rule = RULES.get(endpoint);
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
            // callers in an order that leaves the resource for the next: refusals first, the owner and admin last
            Map<String, String> callers = new LinkedHashMap<>();
            callers.put("no token", null);
            callers.put("malformed", "Token " + admin);
            callers.put("revoked", "Bearer " + revoked);
            callers.put("reader", "Bearer " + reader);
            callers.put("other writer", "Bearer " + other);
            callers.put("writer", "Bearer " + writer);
            callers.put("admin", "Bearer " + admin);
            String path = resolve(pattern, writer);
            for (var caller : callers.entrySet()) {
                int expected = expected(rule, caller.getKey());
                int status = call(method, path, caller.getValue());
                boolean refused = status == 401 || status == 403;
                if (expected == 0 ? refused : status != expected) {
                    wrong.add("%s %s as %s: %d, expected %s".formatted(method, path, caller.getKey(), status,
                            expected == 0 ? "not 401/403" : expected));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Actuator: health open to anyone (load balancers, compose); metrics and prometheus to admins only. */
    @Test
    void healthIsOpenAndMetricsNeedAnAdmin() throws Exception {
        String reader = token("actuator-reader", "reader");
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/info")) {
            assertThat(call("GET", path, null)).as(path + " without a token").isEqualTo(401);
            assertThat(call("GET", path, "Bearer " + reader)).as(path + " as a reader").isEqualTo(403);
            assertThat(call("GET", path, "Bearer " + adminToken())).as(path + " as the admin").isEqualTo(200);
        }
    }

    /** 401, 403, or 0 for "let through" (the endpoint's own answer, whatever it is). */
    static int expected(Rule rule, String caller) {
        if (caller.equals("malformed") || caller.equals("revoked")) {
            return 401;   // a bad token is refused, never treated as no token
        }
        return switch (rule) {
            case PAGE -> 0;   // the dashboard's shells hold no data: open even where reads need a token
            case READ -> 0;   // the server is bound to loopback here, so reads need no token
            case SUBMIT -> caller.equals("no token") ? 401 : caller.equals("reader") ? 403 : 0;
            case OWNER_OR_ADMIN -> caller.equals("no token") ? 401
                    : caller.equals("writer") || caller.equals("admin") ? 0 : 403;
            case ADMIN -> caller.equals("no token") ? 401 : caller.equals("admin") ? 0 : 403;
        };
    }

    /** A concrete path: a fresh sweep of the writer's for {id}, a fresh token for {name}. */
    String resolve(String pattern, String writer) throws Exception {
        String path = pattern;
        path = path.replaceAll("\\{id:[^}]*}", "{id}");
        if (path.contains("{id}")) {
            String created = send("POST", "/api/v1/sweeps", "Bearer " + writer, "{\"name\": \"matrix\", \"grid\":"
                    + " {\"base_e\": [16]}, \"training\": {\"dataset\": \"synthetic\", \"epochs\": 1}}").body();
            var sweep = json.readTree(created);
            long id = path.startsWith("/api/v1/trials/") ? sweep.get("trials").get(0).get("id").asLong()
                    : sweep.get("id").asLong();
            path = path.replace("{id}", Long.toString(id));
        }
        if (path.contains("{name}")) {
            String name = "doomed-" + System.nanoTime();
            token(name, "reader");
            path = path.replace("{name}", name);
        }
        return path;
    }

    String token(String name, String role) throws Exception {
        HttpResponse<String> created = post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("token").asString();
    }

    int call(String method, String path, String authorization) throws Exception {
        String body = method.equals("POST") && path.equals("/api/v1/tokens")
                ? "{\"name\": \"t" + System.nanoTime() + "\", \"role\": \"reader\"}"
                : method.equals("POST") && (path.equals("/api/v1/sweeps") || path.equals("/api/v1/sweeps/preview"))
                ? "{\"name\": \"m\", \"grid\": {\"base_e\": [16]}, \"training\": {\"dataset\": \"synthetic\"}}" : null;
        HttpResponse<String> response = send(method, path, authorization, body);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            problem(response, response.statusCode(), null);   // refusals are problem+json like every other
        }
        return response.statusCode();
    }

    HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
