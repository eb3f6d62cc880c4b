package io.squeezenet.dse.worker;

import io.squeezenet.dse.db.queue.TrialQueue;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs for newly queued trials on one dedicated connection and wakes idle worker threads, so a trial starts
 * within about a second without hot polling. Reconnects when the database goes away.
 */
class QueueListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);
    static final int WAIT_MILLIS = 1000;

    private final DataSource dataSource;
    private final Runnable wake;
    private volatile boolean running = true;

    QueueListener(DataSource dataSource, Runnable wake) {
        this.dataSource = dataSource;
        this.wake = wake;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + TrialQueue.CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                wake.run();   // anything queued while we were not listening
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake.run();
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("queue listener lost its connection ({}); reconnecting", e.getMessage());
                    sleep(WAIT_MILLIS);
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
