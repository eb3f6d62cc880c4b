package io.squeezenet.dse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so the cluster file is checked by parsing it: the topology the worker tests run as
 * separate processes (one database, an API that migrates, workers that scale and wait for it).
 */
class ComposeFileTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void describesADatabaseAnApiAndScalableWorkers() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("postgres", "api", "worker", "worker-gpu");

        Map<String, Object> postgres = map(services.get("postgres"));
        assertThat((String) postgres.get("image")).startsWith("postgres:17");
        assertThat(map(postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");

        Map<String, Object> api = map(services.get("api"));
        assertThat(api.get("command").toString()).contains("up", "--workers, 0");
        assertThat(map(api.get("environment")).get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/dse");
        assertThat(map(map(api.get("depends_on")).get("postgres")).get("condition")).isEqualTo("service_healthy");
        assertThat(map(api.get("healthcheck")).get("test").toString()).contains("/actuator/health");
        assertThat(api.get("command").toString()).as("reachable from the other containers").contains("--bind, 0.0.0.0");
        assertThat(map(api.get("environment")).get("DSE_SECURITY_ADMIN_TOKEN").toString()).startsWith("${DSE_ADMIN_TOKEN:?");
        assertThat(map(postgres.get("environment")).get("POSTGRES_PASSWORD").toString())
                .startsWith("${DSE_DB_SUPERUSER_PASSWORD:?");
        assertThat(map(api.get("environment")).get("SPRING_DATASOURCE_USERNAME")).as("not the superuser").isEqualTo("dse");
        assertThat((List<String>) postgres.get("volumes")).contains("./docker/initdb:/docker-entrypoint-initdb.d:ro");
        assertThat(Files.readString(root.resolve("docker/initdb/10-service-role.sh")))
                .contains("CREATE ROLE dse LOGIN NOSUPERUSER", "PASSWORD :'pw'", "CREATE DATABASE dse OWNER dse",
                        "ALTER SCHEMA public OWNER TO dse");
        assertThat(map(api.get("environment")).get("SPRING_DATASOURCE_PASSWORD").toString()).startsWith("${DSE_DB_PASSWORD:?");
        assertThat(Files.readString(root.resolve(".gitignore")).lines()).as("secrets stay out of the repo").contains(".env");

        Map<String, Object> worker = map(services.get("worker"));
        assertThat((List<String>) worker.get("command")).startsWith("worker");
        assertThat(worker).as("a worker publishes no port, so it scales").doesNotContainKey("ports");
        assertThat(worker).doesNotContainKey("container_name");
        assertThat(map(map(worker.get("depends_on")).get("api")).get("condition")).isEqualTo("service_healthy");
        assertThat(map(worker.get("environment")).get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/dse");

        Map<String, Object> gpu = map(services.get("worker-gpu"));
        assertThat((List<String>) gpu.get("profiles")).containsExactly("gpu");
        assertThat(gpu.toString()).contains("driver=nvidia", "capabilities=[gpu]");
        assertThat(Files.readString(root.resolve("Dockerfile"))).contains("io.squeezenet.dse.DseMain", "dse-api/target/lib")
                .as("the image runs as an ordinary user").contains("\nUSER dse\n");
    }
}
