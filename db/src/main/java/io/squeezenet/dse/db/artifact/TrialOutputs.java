package io.squeezenet.dse.db.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a worker keeps of a trained trial besides its result: the weights file's bytes (null when the sweep does not
 * keep them) and its compressions, each as the JSON of a {@code model.compression.CompressionResult} in the sweep's
 * order. Written with the result, in its transaction, by the claim that completes the trial.
 */
public record TrialOutputs(byte[] weights, List<String> compressions) {

    public static final TrialOutputs NONE = new TrialOutputs(null, List.of());

    public TrialOutputs {
        compressions = List.copyOf(compressions);
    }

    /** The weights' SHA-256 as hex, what the download's checksum header carries. */
    public String sha256() {
        return sha256(weights);
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
