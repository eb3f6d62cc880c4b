package io.squeezenet.dse.api.architecture;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.compression.SizeReport;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Size preview without training: the same JSON as {@code ./dse arch --json}. A pure function of its query, so
 * clients may keep an answer for an hour (a dashboard or notebook asking again costs nothing).
 */
@RestController
@RequestMapping("/api/v1/architectures")
class ArchitectureController {

    static final CacheControl CACHED = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    @GetMapping
    ResponseEntity<Map<String, Object>> architecture(
            @RequestParam(name = "base_e", required = false) Integer baseE,
            @RequestParam(name = "incr_e", required = false) Integer incrE,
            @RequestParam(name = "freq", required = false) Integer freq,
            @RequestParam(name = "sr", required = false) Double sr,
            @RequestParam(name = "pct_3x3", required = false) Double pct3x3,
            @RequestParam(name = "bypass", required = false) String bypass,
            @RequestParam(name = "variant", defaultValue = "v1.0") String variant,
            @RequestParam(name = "num_classes", defaultValue = "1000") int numClasses,
            @RequestParam(name = "input", defaultValue = "3x227x227") String input,
            @RequestParam(name = "stem", defaultValue = "paper") String stem) {
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;   // what is not given is SqueezeNet v1.0's
        Metaparameters m = new Metaparameters(baseE == null ? v10.expandBase() : baseE,
                incrE == null ? v10.expandIncrement() : incrE, freq == null ? v10.freq() : freq,
                sr == null ? v10.squeezeRatio() : sr, pct3x3 == null ? v10.pct3x3() : pct3x3,
                bypass == null ? v10.bypass() : Bypass.parse(bypass), Variant.parse(variant));
        return ResponseEntity.ok().cacheControl(CACHED)
                .body(SizeReport.of(Architecture.derive(m, Stem.parse(stem), InputShape.parse(input), numClasses)));
    }
}
