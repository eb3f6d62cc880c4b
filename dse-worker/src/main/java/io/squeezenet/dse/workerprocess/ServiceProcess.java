package io.squeezenet.dse.workerprocess;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Runs a Spring application for a command ({@code up}, {@code worker}) and returns only when its context closes
 * (SIGTERM), so the launcher's {@code System.exit} cannot cut the service short.
 */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    public static void runUntilClosed(SpringApplication app, String[] args, Consumer<ConfigurableApplicationContext> ready)
            throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        app.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent r) {
                ready.accept(r.getApplicationContext());
            } else if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        app.run(args);
        closed.await();
    }
}
