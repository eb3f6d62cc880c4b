package io.squeezenet.dse.db.notify;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one PostgreSQL channel, on a connection of its own, and hands each batch of notifications' payloads to a
 * consumer; {@code tick} runs after every wait (about once a second) whether or not anything came. Reconnects when the
 * database goes away. Notifications sent while it was not listening are lost, so {@code listening} runs each time it
 * (re)starts to listen: the place to catch up. Run it on a thread of its own; {@link #stop()} ends it within a wait.
 */
public final class ChannelListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);
    public static final int WAIT_MILLIS = 1000;

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<List<String>> notified;
    private final Runnable listening;
    private final Runnable tick;
    private volatile boolean running = true;

    public ChannelListener(DataSource dataSource, String channel, Consumer<List<String>> notified, Runnable listening,
                           Runnable tick) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a channel name: " + channel);   // it is spliced into LISTEN
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.notified = notified;
        this.listening = listening;
        this.tick = tick;
    }

    /** Starts it on a daemon thread of that name. */
    public ChannelListener startOn(String threadName) {
        Thread thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
                try {
                    PGConnection pg = connection.unwrap(PGConnection.class);
                    handle(listening);
                    while (running) {
                        PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                        if (notifications != null && notifications.length > 0) {
                            List<String> payloads = new ArrayList<>(notifications.length);
                            for (PGNotification n : notifications) {
                                payloads.add(n.getParameter());
                            }
                            handle(() -> notified.accept(payloads));
                        }
                        handle(tick);
                    }
                } finally {
                    // the connection goes back to the pool: listening there, it would buffer every notification forever
                    statement.execute("UNLISTEN *");
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("listener on {} lost its connection ({}); reconnecting", channel, e.getMessage());
                    sleep(WAIT_MILLIS);
                }
            }
        }
    }

    /** A consumer's failure is the consumer's: it neither drops the connection nor ends the listening. */
    private void handle(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("listener on {}: a consumer failed ({})", channel, e.toString());
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
