package io.cutovermonitor.reconciler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away schema (PostgreSQL), database (MariaDB) or in-memory database (H2) with a random name, so test runs
 * never collide with each other or with other users of the same servers. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    public static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    public enum Engine { POSTGRES, MARIADB, H2 }

    private final Engine engine;
    private final String name;
    private final String url;

    private TestDatabase(Engine engine) throws SQLException {
        this.engine = engine;
        this.name = "rec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        switch (engine) {
            case POSTGRES -> {
                admin("CREATE SCHEMA " + name);
                url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + name;
            }
            case MARIADB -> {
                admin("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
                url = "jdbc:mariadb://127.0.0.1:3306/" + name + "?user=root";
            }
            default -> url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }
    }

    public static TestDatabase postgres() throws SQLException {
        return new TestDatabase(Engine.POSTGRES);
    }

    public static TestDatabase mariadb() throws SQLException {
        return new TestDatabase(Engine.MARIADB);
    }

    public static TestDatabase h2() throws SQLException {
        return new TestDatabase(Engine.H2);
    }

    public Engine engine() {
        return engine;
    }

    public String name() {
        return name;
    }

    public JdbcEndpoint endpoint() {
        return JdbcEndpoint.of(url);
    }

    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        if (engine == Engine.MARIADB) {
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
        }
        return c;
    }

    /** Runs statements in one connection. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private void admin(String sql) throws SQLException {
        String adminUrl = engine == Engine.POSTGRES ? PG_ADMIN : MARIADB_ADMIN;
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (Boolean.getBoolean("reconciler.keepTestDatabases")) {
            return;
        }
        switch (engine) {
            case POSTGRES -> admin("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            case MARIADB -> admin("DROP DATABASE IF EXISTS " + name);
            default -> execute("DROP ALL OBJECTS");
        }
    }
}
