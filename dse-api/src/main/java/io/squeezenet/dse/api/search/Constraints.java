package io.squeezenet.dse.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.compression.DeepCompression;
import io.squeezenet.dse.model.compression.SizeReport;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits checked when a sweep is planned, from the layer table alone, so a design that breaks one never costs an
 * epoch: {@code size_mib_max} on the network trained, {@code imagenet_size_mib_max} and {@code macs_max} on the same
 * design at the paper's ImageNet configuration, {@code compressed_bytes_max} on its Deep Compression estimate there
 * (Table 2's 33% density, 8-bit weights).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Constraints(
        @JsonProperty("size_mib_max") Double sizeMibMax,
        @JsonProperty("imagenet_size_mib_max") Double imagenetSizeMibMax,
        @JsonProperty("macs_max") Long macsMax,
        @JsonProperty("compressed_bytes_max") Long compressedBytesMax) {

    public Constraints {
        positive("size_mib_max", sizeMibMax);
        positive("imagenet_size_mib_max", imagenetSizeMibMax);
        positive("macs_max", macsMax == null ? null : macsMax.doubleValue());
        positive("compressed_bytes_max", compressedBytesMax == null ? null : compressedBytesMax.doubleValue());
    }

    /** Why the design breaks a limit, or empty when it keeps them all. */
    public Optional<String> violation(Architecture trained, Architecture imagenet) {
        if (sizeMibMax != null && trained.sizeMib() > sizeMibMax) {
            return Optional.of(String.format(Locale.ROOT, "size_mib %.3f > %s", trained.sizeMib(), sizeMibMax));
        }
        if (imagenetSizeMibMax != null && imagenet.sizeMib() > imagenetSizeMibMax) {
            return Optional.of(String.format(Locale.ROOT, "imagenet_size_mib %.3f > %s", imagenet.sizeMib(),
                    imagenetSizeMibMax));
        }
        if (macsMax != null && imagenet.macs() > macsMax) {
            return Optional.of(String.format(Locale.ROOT, "macs %,d > %,d", imagenet.macs(), macsMax));
        }
        if (compressedBytesMax != null) {
            long compressed = DeepCompression.estimate(imagenet, SizeReport.TABLE2_DENSITY, 8,
                    DeepCompression.CONV_INDEX_BITS).sizeBytes();
            if (compressed > compressedBytesMax) {
                return Optional.of(String.format(Locale.ROOT, "compressed_bytes %,d > %,d", compressed, compressedBytesMax));
            }
        }
        return Optional.empty();
    }

    private static void positive(String field, Double value) {
        if (value != null && (!Double.isFinite(value) || value <= 0)) {
            throw new InvalidFieldException(field, "must be a number above 0, got " + value);
        }
    }
}
