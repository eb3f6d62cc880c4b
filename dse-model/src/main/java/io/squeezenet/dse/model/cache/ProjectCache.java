package io.squeezenet.dse.model.cache;

import java.nio.file.Path;

/**
 * The project's machine-wide cache: what is unpacked or downloaded once per machine and shared by every data
 * directory (the embedded PostgreSQL's binaries, CIFAR archives, the Optuna environment of the test tooling).
 * {@code -Ddse.cache-dir}, else {@code $DSE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/squeezenet-dse}, else
 * {@code ~/.cache/squeezenet-dse}; scripts/install-deps.sh resolves the same order from the variables (it cannot see
 * the Java property).
 */
public final class ProjectCache {

    public static final String PROPERTY = "dse.cache-dir";
    public static final String VARIABLE = "DSE_CACHE_DIR";

    private ProjectCache() {
    }

    public static Path root() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String variable = System.getenv(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.toAbsolutePath().resolve("squeezenet-dse");
    }
}
