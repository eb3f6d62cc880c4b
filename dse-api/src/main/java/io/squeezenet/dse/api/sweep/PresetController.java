package io.squeezenet.dse.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/presets}: the ready-made studies a request may name, with the grid and budget each implies. */
@RestController
class PresetController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PresetView(@JsonProperty("name") String name, @JsonProperty("grid") Grid grid,
                      @JsonProperty("budget") Preset.Budget budget) {
    }

    @GetMapping("/api/v1/presets")
    List<PresetView> presets() {
        return Arrays.stream(Preset.values()).map(p -> new PresetView(p.label(), p.grid(), p.budget())).toList();
    }
}
