package io.squeezenet.dse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class WorkerSettingsTest {

    @Configuration
    @EnableConfigurationProperties(WorkerSettings.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void defaultsToOneThreadPerGpuOrOneOnCpuAndAUniqueName() {
        context.run(ctx -> {
            WorkerSettings settings = ctx.getBean(WorkerSettings.class);
            assertThat(settings.threadsFor(0)).isEqualTo(1);
            assertThat(settings.threadsFor(4)).isEqualTo(4);
            assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(10));
            assertThat(settings.name()).contains("@");
            assertThat(settings.layout().processes()).as("unset: this process alone, no others started").isEqualTo(1);
        });
    }

    @Test
    void bindsPropertiesAndRefusesAHeartbeatThatCannotKeepTheLease() {
        context.withPropertyValues("dse.worker.name=gpu-box-1", "dse.worker.threads=2", "dse.worker.lease=30s")
                .run(ctx -> {
                    WorkerSettings settings = ctx.getBean(WorkerSettings.class);
                    assertThat(settings.name()).isEqualTo("gpu-box-1");
                    assertThat(settings.threadsFor(8)).isEqualTo(2);
                });
        context.withPropertyValues("dse.worker.lease=20s").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("at most 1/3 of dse.worker.lease"));
        assertThatThrownBy(() -> new WorkerSettings(true, "w", -1, 1, 0, null, null, null, null, null)).hasMessageContaining("threads must be >= 0");
    }
}
