package io.squeezenet.dse.model.compression;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One compression to apply to a trained network, as a sweep's {@code compression} list and {@code dse compress} give
 * it. Deep Compression defaults to Table 2's 33% density and 8-bit weights without Huffman; int8 takes no settings.
 * {@code finetune_epochs}: retraining with the mask and shared weights held (Deep Compression's procedure), 0 for
 * none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompressionSpec(
        @JsonProperty("method") CompressionMethod method,
        @JsonProperty("density") Double density,
        @JsonProperty("bits") Integer bits,
        @JsonProperty("huffman") Boolean huffman,
        @JsonProperty("finetune_epochs") Integer finetuneEpochs) {

    public static final double TABLE2_DENSITY = SizeReport.TABLE2_DENSITY;
    public static final int DEFAULT_BITS = 8;
    public static final int DEFAULT_FINETUNE_EPOCHS = 1;
    public static final int MAX_FINETUNE_EPOCHS = 100;

    public CompressionSpec {
        if (method == null) {
            throw new InvalidFieldException("method", "is required: deep or int8");
        }
        if (method == CompressionMethod.INT8) {
            if (density != null || bits != null || huffman != null) {
                throw new InvalidFieldException(density != null ? "density" : bits != null ? "bits" : "huffman",
                        "int8 keeps every weight as one signed byte: it takes no density, bits or huffman");
            }
        } else {
            density = density == null ? TABLE2_DENSITY : density;
            bits = bits == null ? DEFAULT_BITS : bits;
            huffman = huffman != null && huffman;
            // checked here, so a sweep refuses them when it is posted, not after training
            DeepSettings.requireDensity("density", density);
            DeepSettings.requireBits("bits", bits);
        }
        finetuneEpochs = finetuneEpochs == null ? DEFAULT_FINETUNE_EPOCHS : finetuneEpochs;
        if (finetuneEpochs < 0 || finetuneEpochs > MAX_FINETUNE_EPOCHS) {
            throw new InvalidFieldException("finetune_epochs", "must be an integer in [0, " + MAX_FINETUNE_EPOCHS
                    + "], got " + finetuneEpochs);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stored compression list (a sweep's), in its typed form. */
    public static List<CompressionSpec> readList(String json) {
        return json == null || json.isBlank() ? List.of() : JSON.readValue(json, new TypeReference<List<CompressionSpec>>() { });
    }

    public static CompressionSpec deep(double density, int bits) {
        return new CompressionSpec(CompressionMethod.DEEP, density, bits, null, null);
    }

    /** The deep settings, with conv1 kept denser as Deep Compression does. */
    public DeepSettings deepSettings() {
        DeepSettings table = DeepSettings.of(density, bits);
        return new DeepSettings(table.density(), table.conv1Density(), table.weightBits(), table.indexBits(), huffman);
    }

    /** Short, for tables and logs: {@code deep 33% 8-bit}, {@code deep 33% 6-bit huffman}, {@code int8}. */
    public String label() {
        if (method == CompressionMethod.INT8) {
            return "int8";
        }
        return String.format(java.util.Locale.ROOT, "deep %.0f%% %d-bit%s", density * 100, bits, huffman ? " huffman" : "");
    }
}
