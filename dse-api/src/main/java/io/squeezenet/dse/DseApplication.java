package io.squeezenet.dse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.web.config.EnableSpringDataWebSupport;

/**
 * The service: REST API under /api/v1, the queue in PostgreSQL (embedded in standalone mode), and the dashboard.
 * It sits at the root package so the db module's entities, repositories and queue are found too.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableSpringDataWebSupport(pageSerializationMode = EnableSpringDataWebSupport.PageSerializationMode.VIA_DTO)
public class DseApplication {

    public static void main(String[] args) {
        SpringApplication.run(DseApplication.class, args);
    }
}
