package io.squeezenet.dse.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The service: REST API under /api/v1 and, in standalone mode, the embedded database and worker. */
@SpringBootApplication
public class DseApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(DseApiApplication.class, args);
    }
}
