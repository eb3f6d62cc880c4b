package io.squeezenet.dse.api.event;

import io.squeezenet.dse.db.notify.ChannelListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
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

    static final String CHANNEL = "dse_events";
    private static final long KEEPALIVE_MILLIS = 15_000;

    /** An open stream: all events, or one sweep's. */
    private record Subscriber(SseEmitter emitter, Long sweepId) {
    }

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Duration maxAge;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> gapListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private ChannelListener listener;
    private long lastKeepAlive = System.currentTimeMillis();

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

    /** Tells an in-process consumer of every change as the database announces it (a cache that must forget). */
    public void onEvent(Consumer<ChangeEvent> listener) {
        listeners.add(listener);
    }

    /** Tells an in-process consumer whenever events may have been missed: each time listening (re)starts. */
    public void onGap(Runnable listener) {
        gapListeners.add(listener);
    }

    void publish(ChangeEvent event) {
        listeners.forEach(l -> l.accept(event));
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

    private void publish(List<String> payloads) {
        for (String payload : payloads) {
            ChangeEvent event;
            try {
                event = json.readValue(payload, ChangeEvent.class);
            } catch (RuntimeException foreign) {
                continue;   // a NOTIFY on our channel that is not ours: the others in the batch still count
            }
            publish(event);
        }
    }

    private void keepAliveEvery15Seconds() {
        if (System.currentTimeMillis() - lastKeepAlive > KEEPALIVE_MILLIS) {
            keepAlive();
            lastKeepAlive = System.currentTimeMillis();
        }
    }

    @Override
    public void start() {
        running = true;
        // streams need no catching up after a gap (a client reads the sweep again); caches do (onGap)
        listener = new ChannelListener(dataSource, CHANNEL, this::publish, () -> gapListeners.forEach(Runnable::run),
                this::keepAliveEvery15Seconds)
                .startOn("dse-change-events");
    }

    @Override
    public void stop() {
        running = false;
        listener.stop();
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
