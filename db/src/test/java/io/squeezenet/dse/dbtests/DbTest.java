package io.squeezenet.dse.dbtests;

import io.squeezenet.dse.db.testing.RealPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The db module's beans over a real PostgreSQL: what its repository and queue tests extend. */
@SpringBootTest(classes = DbTestApplication.class)
@Import(RealPostgres.class)
public abstract class DbTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        RealPostgres.dataDir(registry);
    }
}
