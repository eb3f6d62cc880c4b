package io.squeezenet.dse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.web.config.EnableSpringDataWebSupport;

/**
 * The service: REST API under /api/v1 (figures and reports included) and the queue in PostgreSQL (embedded in
 * standalone mode).
 * It sits at the root package so the db module's entities and repositories are found too; the worker loop runs
 * in-process when {@code dse.worker.enabled} (standalone {@code ./dse up}).
 */
@SpringBootApplication(scanBasePackages = {"io.squeezenet.dse.api", "io.squeezenet.dse.db", "io.squeezenet.dse.worker"})
@ConfigurationPropertiesScan({"io.squeezenet.dse.api", "io.squeezenet.dse.worker"})
@EnableSpringDataWebSupport(pageSerializationMode = EnableSpringDataWebSupport.PageSerializationMode.VIA_DTO)
public class DseApplication {

    public static void main(String[] args) {
        SpringApplication.run(DseApplication.class, args);
    }
}
