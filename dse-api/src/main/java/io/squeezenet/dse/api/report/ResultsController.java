package io.squeezenet.dse.api.report;

import io.squeezenet.dse.db.artifact.TrialArtifacts;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.model.compression.CompressionResult;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** A sweep's results as one row per trial, and its compressions as one row per trial and method, in CSV or JSON. */
@RestController
@RequestMapping("/api/v1/sweeps/{id}")
class ResultsController {

    static final MediaType CSV = new MediaType("text", "csv");

    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final CsvMapper csv = CsvMapper.builder().build();
    private final CsvSchema schema = csv.schemaFor(ResultRow.class).withHeader();
    private final CsvSchema compressionSchema = csv.schemaFor(CompressionRow.class).withHeader();
    private final TrialArtifacts artifacts;

    ResultsController(SweepRepository sweeps, TrialRepository trials, TrialArtifacts artifacts) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.artifacts = artifacts;
    }

    @GetMapping(value = "/results.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable long id) {
        return csvFile("sweep-" + id + "-results.csv", schema, rows(id));
    }

    @GetMapping(value = "/results.json", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ResultRow> json(@PathVariable long id) {
        return rows(id);
    }

    /** One row per trial and compression, for sweeps with a compression list (empty for others). */
    @GetMapping(value = "/compressions.csv", produces = "text/csv")
    ResponseEntity<String> compressionsCsv(@PathVariable long id) {
        return csvFile("sweep-" + id + "-compressions.csv", compressionSchema, compressions(id));
    }

    private ResponseEntity<String> csvFile(String name, CsvSchema columns, List<?> rows) {
        return ResponseEntity.ok().contentType(CSV).header("Content-Disposition", "inline; filename=\"" + name + "\"")
                .body(csv.writer(columns).writeValueAsString(rows));
    }

    @GetMapping(value = "/compressions.json", produces = MediaType.APPLICATION_JSON_VALUE)
    List<CompressionRow> compressions(@PathVariable long id) {
        sweeps.require(id);
        Map<Long, List<CompressionResult>> measured = artifacts.compressionsOfSweep(id);
        List<CompressionRow> rows = new ArrayList<>();
        for (Trial t : trials.findBySweepIdOrderById(id)) {
            measured.getOrDefault(t.getId(), List.of()).forEach(r -> rows.add(CompressionRow.of(t, r)));
        }
        return rows;
    }

    private List<ResultRow> rows(long id) {
        Sweep sweep = sweeps.require(id);
        TrainingRecipe recipe = SweepTraining.read(sweep.getTraining()).recipe();
        return trials.findBySweepIdOrderById(id).stream()
                .map(t -> ResultRow.of(sweep.getOwner(), t, recipe, trainedHere(t))).toList();
    }

    /** The stored result of a trial trained here; null for one queued, failed, reused, or stored in another form. */
    private TrialResult trainedHere(Trial t) {
        if (t.getResult() == null || t.getReusedFrom() != null) {
            return null;
        }
        try {
            return TrialResult.read(t.getResult());
        } catch (tools.jackson.core.JacksonException olderForm) {
            return null;   // one unreadable result must not cost the whole export
        }
    }


}
