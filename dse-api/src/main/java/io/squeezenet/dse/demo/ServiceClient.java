package io.squeezenet.dse.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.api.sweep.SweepRequest;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.trial.TrialView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The REST API as any client uses it, with the JSON types the server answers with. */
public final class ServiceClient {

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
        return json.readValue(send(HttpRequest.newBuilder(base.resolve("/api/v1/sweeps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build()), SweepView.class);
    }

    public SweepView sweep(long id) {
        return json.readValue(get("/api/v1/sweeps/" + id), SweepView.class);
    }

    public List<TrialView> running(long sweepId) {
        return json.readValue(get("/api/v1/sweeps/" + sweepId + "/trials?status=running&size=1"), TrialPage.class).content();
    }

    public TrialView trial(long id) {
        return json.readValue(get("/api/v1/trials/" + id), TrialView.class);
    }

    /** A sweep's file (figure.svg, results.csv, ...) as bytes. */
    public byte[] file(long sweepId, String name) {
        return get("/api/v1/sweeps/" + sweepId + "/" + name);
    }

    private byte[] get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private byte[] send(HttpRequest unsigned) {
        HttpRequest request = token == null ? unsigned
                : HttpRequest.newBuilder(unsigned, (name, value) -> true).header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
