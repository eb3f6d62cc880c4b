package io.squeezenet.dse.workerprocess;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A worker process with no web server: the queue (db) and the worker loop, pointed at a shared PostgreSQL. The
 * process ({@code dse worker}) lives apart from io.squeezenet.dse.worker, which the API scans for its in-process
 * workers: an application class found by that scan would configure the API's repositories a second time.
 */
@SpringBootApplication(scanBasePackages = {"io.squeezenet.dse.db", "io.squeezenet.dse.worker"})
@ConfigurationPropertiesScan("io.squeezenet.dse.worker")
// the entities and repositories live in db, not under this class's package
@AutoConfigurationPackage(basePackages = "io.squeezenet.dse.db")
public class DseWorkerApplication {
}
