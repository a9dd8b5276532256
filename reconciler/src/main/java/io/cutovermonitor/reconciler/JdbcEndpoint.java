package io.cutovermonitor.reconciler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/** Where one side of the reconciliation lives. {@code user} and {@code password} may be null (e.g. in the URL). */
public record JdbcEndpoint(String url, String user, String password) {

    public JdbcEndpoint {
        Objects.requireNonNull(url, "url");
    }

    public static JdbcEndpoint of(String url) {
        return new JdbcEndpoint(url, null, null);
    }

    public Connection open() throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    @Override
    public String toString() {
        return "JdbcEndpoint[" + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + ", user=" + user + "]";
    }
}
