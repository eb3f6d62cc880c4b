package io.squeezenet.dse.api.report;

import io.squeezenet.dse.db.artifact.TrialArtifacts;
import io.squeezenet.dse.db.sweep.Sweep;
import io.squeezenet.dse.db.sweep.SweepRepository;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.compression.CompressionSpec;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A sweep's summary, its figure (SVG, PNG), for bypass sweeps Table 3 and for sweeps that measured compressions
 * Table 2 (each as JSON, CSV, Markdown).
 */
@RestController
@RequestMapping("/api/v1/sweeps/{id}")
class ReportController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown");

    private final SweepRepository sweeps;
    private final TrialRepository trials;
    private final Summaries summaries;
    private final TrialArtifacts artifacts;
    private final CsvMapper csv = CsvMapper.builder().build();

    ReportController(SweepRepository sweeps, TrialRepository trials, Summaries summaries, TrialArtifacts artifacts) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.summaries = summaries;
        this.artifacts = artifacts;
    }

    @GetMapping(value = "/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    SweepSummary summary(@PathVariable long id, @RequestParam(defaultValue = "top1") String metric) {
        return summarize(id, Metric.parse(metric));
    }

    @GetMapping(value = "/figure.svg", produces = "image/svg+xml")
    ResponseEntity<String> svg(@PathVariable long id, @RequestParam(defaultValue = "top1") String metric,
                               @RequestParam(defaultValue = "" + Figures.DEFAULT_WIDTH) int width,
                               @RequestParam(defaultValue = "" + Figures.DEFAULT_HEIGHT) int height) {
        SweepSummary summary = summarize(id, Metric.parse(metric));
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .body(Figures.svg(summary, side("width", width), side("height", height)));
    }

    @GetMapping(value = "/figure.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> png(@PathVariable long id, @RequestParam(defaultValue = "top1") String metric,
                               @RequestParam(defaultValue = "" + Figures.DEFAULT_WIDTH) int width,
                               @RequestParam(defaultValue = "" + Figures.DEFAULT_HEIGHT) int height) {
        SweepSummary summary = summarize(id, Metric.parse(metric));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(Figures.png(summary, side("width", width), side("height", height)));
    }

    @GetMapping(value = "/table3", produces = MediaType.APPLICATION_JSON_VALUE)
    Table3 table3(@PathVariable long id) {
        SweepSummary summary = summarize(id, Metric.top1);
        if (summary.x() != Axis.bypass) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "sweep " + id + " does not vary bypass (its axis is "
                    + summary.x() + "), so it has no Table 3; submit the table3 preset or a grid with several bypass values");
        }
        return Table3.of(summary);
    }

    @GetMapping(value = "/table3", produces = "text/csv")
    ResponseEntity<String> table3Csv(@PathVariable long id) {
        CsvSchema schema = csv.schemaFor(Table3.Row.class).withHeader();
        return ResponseEntity.ok().contentType(ResultsController.CSV)
                .body(csv.writer(schema).writeValueAsString(table3(id).rows()));
    }

    @GetMapping(value = "/table3", produces = "text/markdown")
    ResponseEntity<String> table3Markdown(@PathVariable long id) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(table3(id).markdown());
    }

    /** The sweep's current Pareto front: its designs that no other is both smaller and at least as accurate as. */
    @GetMapping(value = "/front", produces = MediaType.APPLICATION_JSON_VALUE)
    ParetoFront front(@PathVariable long id, @RequestParam(defaultValue = "top1") String metric) {
        return ParetoFront.of(summarize(id, Metric.parse(metric)));
    }

    /** The paper's Table 2 beside ours: a sweep's designs uncompressed and under each of its compressions. */
    @GetMapping(value = {"/table2", "/table2.json"}, produces = MediaType.APPLICATION_JSON_VALUE)
    Table2 table2(@PathVariable long id) {
        Sweep sweep = sweeps.require(id);
        List<CompressionSpec> specs = CompressionSpec.readList(sweep.getCompression());
        if (specs.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "sweep " + id + " measured no compression, so it has no"
                    + " Table 2; submit a sweep with \"compression\": [{\"method\": \"deep\", \"density\": 0.33,"
                    + " \"bits\": 8}, {\"method\": \"deep\", \"density\": 0.33, \"bits\": 6}]");
        }
        return Table2.of(id, trials.findBySweepIdOrderById(id), specs, artifacts.compressionsOfSweep(id),
                PaperReference.PUBLISHED.table2());
    }

    @GetMapping(value = {"/table2", "/table2.csv"}, produces = "text/csv")
    ResponseEntity<String> table2Csv(@PathVariable long id) {
        CsvSchema schema = csv.schemaFor(Table2.Row.class).withHeader();
        return ResponseEntity.ok().contentType(ResultsController.CSV)
                .body(csv.writer(schema).writeValueAsString(table2(id).rows()));
    }

    @GetMapping(value = {"/table2", "/table2.md"}, produces = "text/markdown")
    ResponseEntity<String> table2Markdown(@PathVariable long id) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(table2(id).markdown());
    }

    @GetMapping(value = "/table2.svg", produces = "image/svg+xml")
    ResponseEntity<String> table2Svg(@PathVariable long id,
                                     @RequestParam(defaultValue = "" + Figures.DEFAULT_WIDTH) int width,
                                     @RequestParam(defaultValue = "" + Figures.DEFAULT_HEIGHT) int height) {
        Table2 table = table2(id);
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml")).body(Figures.svg(
                Figures.table2(table, sweeps.findById(id).orElseThrow().getName()), side("width", width), side("height", height)));
    }

    /** The sweep's report, with its figure linked as {@code figure.svg} beside it (as {@code ./dse demo} writes it). */
    @GetMapping(value = "/report.md", produces = "text/markdown")
    ResponseEntity<String> report(@PathVariable long id, @RequestParam(defaultValue = "top1") String metric) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(ReportMarkdown.of(summarize(id, Metric.parse(metric)), "figure.svg"));
    }

    private SweepSummary summarize(long id, Metric metric) {
        Sweep sweep = sweeps.require(id);
        return summaries.of(sweep, trials.findBySweepIdOrderById(id), metric);
    }

    private static int side(String field, int pixels) {
        if (pixels < 100 || pixels > Figures.MAX_SIDE) {
            throw new InvalidFieldException(field, "must be in [100, " + Figures.MAX_SIDE + "] pixels, got " + pixels);
        }
        return pixels;
    }
}
