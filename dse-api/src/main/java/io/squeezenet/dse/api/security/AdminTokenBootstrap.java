package io.squeezenet.dse.api.security;

import io.squeezenet.dse.db.standalone.OwnerOnlyFiles;
import io.squeezenet.dse.db.standalone.StandaloneSettings;
import io.squeezenet.dse.db.token.ApiTokens;
import io.squeezenet.dse.db.token.Role;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first admin token. An operator's ({@code dse.security.admin-token}, from the cluster's env file) is stored as
 * the token named {@code admin}; without one, a service with no admin token makes one, as Jupyter does, and writes
 * it to {@code <data-dir>/admin-token}, readable by its owner only. Nothing prints a token.
 */
@Component
public class AdminTokenBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);
    static final String FILE = "admin-token";

    private final ApiTokens tokens;
    private final SecuritySettings settings;
    private final Path dataDir;

    AdminTokenBootstrap(ApiTokens tokens, SecuritySettings settings, Environment env) {
        this.tokens = tokens;
        this.settings = settings;
        this.dataDir = Path.of(env.getProperty("dse.data-dir", StandaloneSettings.DEFAULT_DATA_DIR));
    }

    /** Where a standalone service keeps its first admin token. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.adminToken() != null) {
            if (tokens.create("admin", Role.ADMIN, settings.adminToken()).isPresent()) {
                log.info("admin token from dse.security.admin-token stored as token 'admin'");
            }
            return;
        }
        if (tokens.anyWith(Role.ADMIN)) {
            return;
        }
        tokens.create("admin", Role.ADMIN).ifPresent(created -> {
            OwnerOnlyFiles.write(file(dataDir), created.secret());
            log.info("first start: admin token written to {} (readable by you only)", file(dataDir).toAbsolutePath());
        });
    }
}
