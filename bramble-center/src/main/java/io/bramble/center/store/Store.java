package io.bramble.center.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.bramble.center.config.CenterConfig;

/**
 * The center's only state: SQLite (WAL, synchronous=FULL, so an acknowledged write survives
 * {@code kill -9}) by default, or PostgreSQL through a JDBC URL. Migrations run at open.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Store(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens (creating when needed) the store the config names and brings its schema up to date. */
    public static Store open(CenterConfig.Store config, Path dataDir) {
        String url = config.url();
        boolean postgres = url.startsWith("jdbc:postgresql:");
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("bramble-store");
        if (postgres) {
            hc.setJdbcUrl(url);
            if (config.user() != null) hc.setUsername(config.user());
            if (config.password() != null) hc.setPassword(config.password());
            hc.setMaximumPoolSize(config.poolSize());
        } else {
            if (url.isEmpty()) {
                try {
                    Files.createDirectories(dataDir);
                } catch (java.io.IOException e) {
                    throw new io.bramble.core.config.StartupException("cannot create the data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
                }
                url = "jdbc:sqlite:" + dataDir.resolve("bramble.db").toAbsolutePath();
            }
            hc.setJdbcUrl(url);
            // synchronous=FULL: a commit is on disk before it is acknowledged (DESIGN.md "Durability")
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "FULL");
            hc.addDataSourceProperty("busy_timeout", "10000");
            hc.addDataSourceProperty("foreign_keys", "true");
            // take the write lock at BEGIN: a deferred transaction that reads then writes fails at once
            // with SQLITE_BUSY when another connection committed meanwhile, and busy_timeout cannot help it
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hc.setMaximumPoolSize(Math.min(config.poolSize(), 4));
        }
        hc.setMinimumIdle(1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new io.bramble.core.config.StartupException("cannot open the store at " + redact(url) + ": " + rootMessage(e)
                    + (postgres ? " (check store.url, store.user and store.password in center.yaml)" : ""), e);
        }
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new io.bramble.core.config.StartupException("cannot bring the store at " + redact(url) + " up to date: " + rootMessage(e), e);
        }
        log.info("store: {} ({})", redact(url), postgres ? "PostgreSQL" : "SQLite, WAL");
        return new Store(ds, postgres);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    private volatile GroupCommit writer;

    /**
     * The store's batching writer, shared so heartbeats and the changes people make are one writer: SQLite allows one
     * at a time, and a second one's busy wait held heartbeats behind back-to-back edits for ~0.5 s each. Started on
     * first use; {@link #close} commits what it holds.
     */
    public GroupCommit writer() {
        GroupCommit w = writer;
        if (w == null) {
            synchronized (this) {
                w = writer;
                if (w == null) writer = w = new GroupCommit(this);
            }
        }
        return w;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Checks that the store answers; used by {@code /healthz}. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Next id for an append-only table, continuing after the largest id already stored. */
    public java.util.concurrent.atomic.AtomicLong sequence(String table) {
        if (!table.matches("[a-z_0-9]+")) throw new IllegalArgumentException("table name");
        long max = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM " + table).mapTo(Long.class).one());
        return new java.util.concurrent.atomic.AtomicLong(max);
    }

    @Override
    public void close() {
        GroupCommit w = writer;
        if (w != null) w.close();
        dataSource.close();
    }
}
