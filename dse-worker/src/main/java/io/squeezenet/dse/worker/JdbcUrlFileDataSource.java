package io.squeezenet.dse.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.squeezenet.dse.db.standalone.JdbcAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The database of a local {@code ./dse up}, found through the {@code jdbc-url} file it writes in its data directory.
 * When a connection fails the file is read again, and if the server came back on another address (its recorded port
 * was taken) the pool moves there, so a worker follows a restarted server instead of waiting on a dead address.
 */
public final class JdbcUrlFileDataSource extends AbstractDataSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcUrlFileDataSource.class);
    /** How long a connection attempt may wait before the file is read again. */
    static final long CONNECT_TIMEOUT_MS = 10_000;

    private final Path file;
    private volatile String url;
    private volatile HikariDataSource pool;

    public JdbcUrlFileDataSource(Path file) {
        this.file = file;
        this.url = read();
        this.pool = pool(url);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException failed) {
            if (follow()) {
                return pool.getConnection();
            }
            throw failed;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the address and user come from " + file);
    }

    public String url() {
        return url;
    }

    /** Reads the file again; true when it names another address and the pool moved there. */
    synchronized boolean follow() {
        String now;
        try {
            now = read();
        } catch (IllegalStateException unreadable) {
            return false;
        }
        if (now.equals(url)) {
            return false;
        }
        HikariDataSource old = pool;
        pool = pool(now);
        url = now;
        old.close();
        log.info("the service's database moved: {} (from {})", JdbcAddress.redact(now), file);
        return true;
    }

    private String read() {
        try {
            String read = Files.readString(file).strip();
            if (read.isEmpty()) {
                throw new IllegalStateException(file + " is empty");
            }
            return read;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        JdbcAddress address = JdbcAddress.parse(url);
        pool.setJdbcUrl(address.url());
        pool.setPassword(address.password());
        pool.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        pool.setPoolName("dse-worker");
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
