package io.cutovermonitor.service.support;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/** A schema of its own on the real PostgreSQL at 127.0.0.1:5432, so test runs never collide. */
public final class PostgresSchema {

    /** Where the machine's PostgreSQL listens. */
    public static final String ADDRESS = "127.0.0.1:5432";
    public static final String SERVER = "jdbc:postgresql://" + ADDRESS + "/test";
    public static final String USER = "postgres";

    private final String name;

    public PostgresSchema(String prefix) {
        this.name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public String url() {
        return url(ADDRESS);
    }

    /** A plain data source on the schema, for tests that use the ledger without the service. */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(USER);
        return dataSource;
    }

    /** The schema's URL through another {@code host:port} that leads to the same server, e.g. a {@link TcpProxy}. */
    public String url(String address) {
        return "jdbc:postgresql://" + address + "/test?currentSchema=" + name;
    }

    public void drop() {
        drop(name);
    }

    static void drop(String schema) {
        if (!schema.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a test schema: " + schema);
        }
        try (Connection c = DriverManager.getConnection(SERVER, USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
