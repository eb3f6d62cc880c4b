package io.squeezenet.dse.api.architecture;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.compression.SizeReport;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Size preview without training: the same JSON as {@code ./dse arch --json}. */
@RestController
@RequestMapping("/api/v1/architectures")
class ArchitectureController {

    @GetMapping
    Map<String, Object> architecture(
            @RequestParam(name = "base_e", defaultValue = "128") int baseE,
            @RequestParam(name = "incr_e", defaultValue = "128") int incrE,
            @RequestParam(name = "freq", defaultValue = "2") int freq,
            @RequestParam(name = "sr", defaultValue = "0.125") double sr,
            @RequestParam(name = "pct_3x3", defaultValue = "0.5") double pct3x3,
            @RequestParam(name = "bypass", defaultValue = "none") String bypass,
            @RequestParam(name = "num_classes", defaultValue = "1000") int numClasses,
            @RequestParam(name = "input", defaultValue = "3x227x227") String input,
            @RequestParam(name = "stem", defaultValue = "paper") String stem) {
        Metaparameters m = new Metaparameters(baseE, incrE, freq, sr, pct3x3, Bypass.parse(bypass));
        return SizeReport.of(Architecture.derive(m, Stem.parse(stem), InputShape.parse(input), numClasses));
    }
}
