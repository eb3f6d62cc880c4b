package io.squeezenet.dse.api.report;

import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.Trial;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.model.training.SweepTraining;
import io.squeezenet.dse.model.training.TrainingRecipe;
import io.squeezenet.dse.model.training.TrialResult;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** A sweep's results as one row per trial, in CSV (with a header) or JSON. */
@RestController
@RequestMapping("/api/v1/sweeps/{id}")
class ResultsController {

    static final MediaType CSV = new MediaType("text", "csv");

    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final CsvMapper csv = CsvMapper.builder().build();
    private final CsvSchema schema = csv.schemaFor(ResultRow.class).withHeader();


    ResultsController(SweepRepository sweeps, TrialRepository trials) {
        this.sweeps = sweeps;
        this.trials = trials;
    }

    @GetMapping(value = "/results.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable long id) {
        return ResponseEntity.ok().contentType(CSV)
                .header("Content-Disposition", "inline; filename=\"sweep-" + id + "-results.csv\"")
                .body(csv.writer(schema).writeValueAsString(rows(id)));
    }

    @GetMapping(value = "/results.json", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ResultRow> json(@PathVariable long id) {
        return rows(id);
    }

    private List<ResultRow> rows(long id) {
        Sweep sweep = sweeps.findById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no sweep " + id));
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
