package io.squeezenet.dse.model.compression;

import io.squeezenet.dse.model.architecture.Architecture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code ./dse arch --json} and {@code GET /api/v1/architectures} answer: the architecture (layer table and
 * exact totals) and its Deep Compression estimates at Table 2's setting.
 */
public final class SizeReport {

    /** Table 2's setting: 33% density, 8-bit and 6-bit weights. */
    public static final double TABLE2_DENSITY = 0.33;
    static final int[] TABLE2_WEIGHT_BITS = {8, 6};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SizeReport() {
    }

    public static List<DeepCompression.Estimate> table2Estimates(Architecture architecture) {
        return Arrays.stream(TABLE2_WEIGHT_BITS)
                .mapToObj(bits -> DeepCompression.estimate(architecture, TABLE2_DENSITY, bits, DeepCompression.CONV_INDEX_BITS))
                .toList();
    }

    public static Map<String, Object> of(Architecture architecture) {
        Map<String, Object> body = new LinkedHashMap<>(JSON.convertValue(architecture, new TypeReference<Map<String, Object>>() { }));
        body.put("deep_compression", table2Estimates(architecture));
        return body;
    }
}
