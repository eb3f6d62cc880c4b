package io.squeezenet.dse.db.token;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a token may do. Each role includes the ones before it. */
public enum Role {
    /** GET everything. */
    READER,
    /** Also create sweeps, and cancel, retry and delete its own. */
    WRITER,
    /** Anything, including other owners' sweeps and the tokens. */
    ADMIN;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code text} names no role. */
    @JsonCreator
    public static Role parse(String text) {
        return Arrays.stream(values()).filter(r -> r.label().equals(text)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label();
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
