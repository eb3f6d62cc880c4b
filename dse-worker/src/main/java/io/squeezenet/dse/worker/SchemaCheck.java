package io.squeezenet.dse.worker;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A worker process ({@code ./dse worker}) leaves the schema to the API, which applies the migrations: it only checks
 * that the database has every migration its code expects, and refuses to start otherwise. Two versions of the code
 * migrating one database at once, from whichever process starts first, is how schemas get broken.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dse.worker.migrations", havingValue = "check")
class SchemaCheck {

    @Bean
    FlywayMigrationStrategy checkInsteadOfMigrate() {
        return flyway -> {
            MigrationInfo[] pending = flyway.info().pending();
            if (pending.length > 0) {
                MigrationInfo current = flyway.info().current();
                throw new IllegalStateException("the service's database is at schema version "
                        + (current == null ? "none" : current.getVersion()) + " but this worker needs "
                        + pending[pending.length - 1].getVersion() + " (" + Arrays.stream(pending)
                        .map(MigrationInfo::getDescription).collect(Collectors.joining(", "))
                        + "): start or upgrade the API first, which applies the migrations");
            }
        };
    }
}
