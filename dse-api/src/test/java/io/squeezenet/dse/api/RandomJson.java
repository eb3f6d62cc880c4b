package io.squeezenet.dse.api;

import java.util.Random;

/** Random JSON bodies for fuzzing: mostly near-misses of a sweep request (its keys and words), some not JSON at all. */
public final class RandomJson {

    static final String TRAINING = "\"training\": {\"dataset\": \"synthetic\"}";

    private RandomJson() {
    }

    static final String[] KEYS = {"name", "preset", "grid", "training", "reuse_results", "max_attempts", "base_e", "sr",
            "pct_3x3", "bypass", "freq", "incr_e", "dataset", "epochs", "seeds", "batch_size", "data_dir", "input_size",
            "stem", "optimizer", "learning_rate", "train_subset", "init", "augment", "priority", "role", "bogus"};
    static final String[] STRINGS = {"fig3a", "fig3b", "table3", "squeezenet", "synthetic", "fashion-mnist", "cifar10",
            "folder", "none", "simple", "complex", "small", "paper", "adam", "sgd", "3x32x32", "1x8x8", "NaN", "Infinity",
            "-1", "", "../..", "/etc/passwd", "\\u0000", "x".repeat(300), "djl"};

    public static String body(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> value(r, 0);
            case 1 -> "{\"name\": \"fuzz\", " + TRAINING.replace("synthetic", STRINGS[r.nextInt(STRINGS.length)]) + ", \"grid\": "
                    + object(r, 1) + "}";
            case 2 -> "{\"name\": \"fuzz\", \"training\": " + object(r, 1) + "}";
            case 3 -> object(r, 0).replace("}", r.nextBoolean() ? "" : "}}");
            default -> object(r, 0);
        };
    }

    static String object(Random r, int depth) {
        StringBuilder sb = new StringBuilder("{");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('"').append(KEYS[r.nextInt(KEYS.length)]).append("\": ").append(value(r, depth + 1));
        }
        return sb.append('}').toString();
    }

    static String value(Random r, int depth) {
        return switch (depth > 3 ? r.nextInt(5) : r.nextInt(8)) {
            case 0 -> Integer.toString(r.nextInt(20_000) - 100);
            case 1 -> Double.toString(r.nextDouble() * (r.nextBoolean() ? 1 : 300));
            case 2 -> '"' + STRINGS[r.nextInt(STRINGS.length)] + '"';
            case 3 -> r.nextBoolean() ? "null" : Boolean.toString(r.nextBoolean());
            case 4 -> r.nextBoolean() ? "1e309" : "99999999999999999999";
            case 5, 6 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? ", " : "").append(value(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
            default -> object(r, depth + 1);
        };
    }
}
