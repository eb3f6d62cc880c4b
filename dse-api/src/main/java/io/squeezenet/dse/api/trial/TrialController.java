package io.squeezenet.dse.api.trial;

import io.squeezenet.dse.db.artifact.TrialArtifacts;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialEpochRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** One trial with its per-epoch progress and full result. */
@RestController
@RequestMapping("/api/v1/trials")
class TrialController {

    private final TrialRepository trials;
    private final TrialEpochRepository epochs;
    private final TrialArtifacts artifacts;
    private final JsonMapper json;

    TrialController(TrialRepository trials, TrialEpochRepository epochs, TrialArtifacts artifacts, JsonMapper json) {
        this.trials = trials;
        this.epochs = epochs;
        this.artifacts = artifacts;
        this.json = json;
    }

    @GetMapping("/{id}")
    TrialView trial(@PathVariable long id) {
        Trial t = trials.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no trial " + id));
        return TrialView.of(t, epochs.findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(id),
                t.getResult() == null ? null : json.readTree(t.getResult()),
                artifacts.weightsInfo(id).map(w -> TrialView.WeightsView.of(id, w)).orElse(null),
                artifacts.compressions(id));
    }

    /**
     * The trained network, for {@code ./dse eval --weights FILE} or DJL: DJL's {@code .params} with the design and
     * recipe among its properties. Its SHA-256 comes as the ETag and as an RFC 9530 {@code Repr-Digest}.
     */
    @GetMapping(value = "/{id}/weights", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> weights(@PathVariable long id) {
        Trial t = trials.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no trial " + id));
        TrialArtifacts.Weights weights = artifacts.weights(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "trial " + id + " has no stored weights: " + (t.getStatus() != TrialStatus.SUCCEEDED
                        ? "it is " + t.getStatus() + ", and weights are stored when a trial succeeds"
                        : "its sweep did not keep them (\"keep_weights\": true keeps them; the default for sweeps of up"
                        + " to 100 trials)")));
        String sha256 = weights.sha256();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("trial-" + id + ".params").build().toString())
                .eTag("\"" + sha256 + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":")
                .body(weights.data());
    }
}
