package io.squeezenet.dse.dbtests;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The db module's beans on their own, for its tests. Outside io.squeezenet.dse.db on purpose: in a build that stops
 * at the test phase, the modules that use db's test jar see all of db's test classes, and the API, which scans
 * io.squeezenet.dse.db, would take this class for configuration and register the repositories twice.
 */
@SpringBootApplication(scanBasePackages = "io.squeezenet.dse.db")
@AutoConfigurationPackage(basePackages = "io.squeezenet.dse.db")
public class DbTestApplication {
}
