package io.cutovermonitor.service.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/** A schema of its own on the real PostgreSQL at 127.0.0.1:5432, so test runs never collide. */
public final class PostgresSchema {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private final String name;

    public PostgresSchema(String prefix) {
        this.name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + "?currentSchema=" + name;
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
