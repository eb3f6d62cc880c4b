package io.squeezenet.dse.db;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The db module's beans on their own, for its tests. */
@SpringBootApplication
public class DbTestApplication {
}
