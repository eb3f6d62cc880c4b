package io.squeezenet.dse.api.event;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * LISTENs on the database's change channel on one connection of its own and passes each event to every open stream
 * that wants it; a comment every 15 s keeps idle streams (and the proxies between) open. Reconnects when the
 * database goes away; a client that missed events while it was away reads the sweep again, as after any gap.
 */
@Component
public class ChangeEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeEvents.class);
    static final String CHANNEL = "dse_events";
    private static final long KEEPALIVE_MILLIS = 15_000;

    /** An open stream: all events, or one sweep's. */
    private record Subscriber(SseEmitter emitter, Long sweepId) {
    }

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Duration maxAge;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread listener;

    ChangeEvents(DataSource dataSource, JsonMapper json, @Value("${dse.events.max-age:30m}") Duration maxAge) {
        this.dataSource = dataSource;
        this.json = json;
        this.maxAge = maxAge;
    }

    /** A stream that ends after {@code dse.events.max-age} (EventSource reconnects on its own). */
    SseEmitter subscribe(Long sweepId) {
        SseEmitter emitter = new SseEmitter(maxAge.toMillis());
        Subscriber subscriber = new Subscriber(emitter, sweepId);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(emitter::complete);
        emitter.onError(e -> subscribers.remove(subscriber));
        try {
            emitter.send(SseEmitter.event().comment("listening" + (sweepId == null ? "" : " to sweep " + sweepId)));
        } catch (IOException gone) {
            subscribers.remove(subscriber);
        }
        return emitter;
    }

    void publish(ChangeEvent event) {
        for (Subscriber s : subscribers) {
            if (s.sweepId() == null || s.sweepId() == event.sweepId()) {
                try {
                    s.emitter().send(SseEmitter.event().name(event.type()).data(event, MediaType.APPLICATION_JSON));
                } catch (IOException | IllegalStateException gone) {
                    subscribers.remove(s);
                }
            }
        }
    }

    private void keepAlive() {
        for (Subscriber s : subscribers) {
            try {
                s.emitter().send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException gone) {
                subscribers.remove(s);
            }
        }
    }

    private void listen() {
        long lastKeepAlive = System.currentTimeMillis();
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            publish(json.readValue(n.getParameter(), ChangeEvent.class));
                        }
                    }
                    if (System.currentTimeMillis() - lastKeepAlive > KEEPALIVE_MILLIS) {
                        keepAlive();
                        lastKeepAlive = System.currentTimeMillis();
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("change events lost their connection ({}); reconnecting", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "dse-change-events");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
