package io.squeezenet.dse.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.gate.GateReport;
import io.squeezenet.dse.api.gate.GateRequest;
import io.squeezenet.dse.api.report.SweepSummary;
import io.squeezenet.dse.api.sweep.SweepRequest;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.token.TokenController;
import io.squeezenet.dse.api.trial.TrialView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API as any client uses it, with the JSON types the server answers with: the one HTTP client of the
 * command-line tools ({@code dse demo}, {@code dse token}, {@code dse sweep}).
 */
public final class ServiceClient {

    /** The service said no (its problem's detail, on one line), or no service answered. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status; 0 when nothing answered. */
        public int status() {
            return status;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** {@code token}: sent as {@code Authorization: Bearer} with every request; null for none. */
    public ServiceClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A page of trials: its content is all a client needs here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrialPage(@JsonProperty("content") List<TrialView> content) {
    }

    public SweepView submit(SweepRequest request) {
        return json.readValue(send("POST", "/api/v1/sweeps", json.writeValueAsString(request)), SweepView.class);
    }

    public SweepView sweep(long id) {
        return json.readValue(send("GET", "/api/v1/sweeps/" + id, null), SweepView.class);
    }

    public List<TrialView> running(long sweepId) {
        return json.readValue(send("GET", "/api/v1/sweeps/" + sweepId + "/trials?status=running&size=1", null),
                TrialPage.class).content();
    }

    /** Every trial of the sweep, page by page. */
    public List<TrialView> trials(long sweepId) {
        List<TrialView> all = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            List<TrialView> content = json.readValue(send("GET", "/api/v1/sweeps/" + sweepId + "/trials?size=1000&page="
                    + page, null), TrialPage.class).content();
            all.addAll(content);
            if (content.size() < 1000) {
                return all;
            }
        }
    }

    public SweepView cancel(long id) {
        return json.readValue(send("POST", "/api/v1/sweeps/" + id + "/cancel", null), SweepView.class);
    }

    public SweepSummary summary(long id) {
        return json.readValue(send("GET", "/api/v1/sweeps/" + id + "/summary", null), SweepSummary.class);
    }

    /** Judges the finished sweep; the verdict is stored with it. */
    public GateReport gates(long id, GateRequest request) {
        return json.readValue(send("POST", "/api/v1/sweeps/" + id + "/gates", json.writeValueAsString(request)),
                GateReport.class);
    }

    public TrialView trial(long id) {
        return json.readValue(send("GET", "/api/v1/trials/" + id, null), TrialView.class);
    }

    /** A sweep's file (figure.svg, results.csv, ...) as bytes. */
    public byte[] file(long sweepId, String name) {
        return send("GET", "/api/v1/sweeps/" + sweepId + "/" + name, null);
    }

    /** The files named after a JSON endpoint without an extension. */
    private static final java.util.Map<String, String> JSON_ENDPOINTS = java.util.Map.of("summary.json", "summary",
            "proposals.json", "proposals", "front.json", "front");

    /** Writes the sweep's files into {@code dir}: figure.svg, results.csv, ...; {@code summary.json} is its summary. */
    public void export(long sweepId, java.nio.file.Path dir, List<String> files) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        for (String name : files) {
            java.nio.file.Files.write(dir.resolve(name), file(sweepId, JSON_ENDPOINTS.getOrDefault(name, name)));
        }
    }

    public TokenController.CreatedView createToken(TokenController.TokenRequest request) {
        return json.readValue(send("POST", "/api/v1/tokens", json.writeValueAsString(request)),
                TokenController.CreatedView.class);
    }

    public List<TokenController.TokenView> tokens() {
        return json.readValue(send("GET", "/api/v1/tokens", null), new TypeReference<List<TokenController.TokenView>>() { });
    }

    public void revokeToken(String name) {
        send("DELETE", "/api/v1/tokens/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    /** The answer's body; anything but 2xx is {@link Refused} with the server's own words. */
    private byte[] send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))   // keeps a path in --server
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) {
            throw new Refused(0, "no service answers at " + base + " (start one with ./dse up, or give --server)");
        } catch (IOException e) {
            throw new Refused(0, method + " " + base + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(0, "interrupted");
        }
        if (response.statusCode() >= 300) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            String detail;
            try {
                JsonNode problem = json.readTree(text.isBlank() ? "{}" : text);
                detail = problem.path("detail").asString(text);
            } catch (RuntimeException notJson) {
                detail = text;
            }
            throw new Refused(response.statusCode(), method + " " + path + " answered " + response.statusCode() + ": "
                    + detail);
        }
        return response.body();
    }
}
