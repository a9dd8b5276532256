package io.cutovermonitor.reconciler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where one side of the reconciliation lives. {@code user} and {@code password} may be null (e.g. in the URL); a
 * password given here is used whether the user is given here or in the URL.
 * <p>
 * Opening a connection never waits without limit: PostgreSQL's driver would wait forever on a host that accepts the
 * connection and never answers, so a connect and login limit ({@code connectTimeout}, by default
 * {@link #DEFAULT_CONNECT_TIMEOUT}, unless the URL sets one) is added for the drivers whose parameter names are known. MariaDB/MySQL connections use server-side prepared
 * statements (the binary protocol) unless the URL says otherwise: the text protocol sends a FLOAT with 6 digits, which
 * is not the value stored.
 */
public record JdbcEndpoint(String url, String user, String password, Duration connectTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;:]password=");

    public JdbcEndpoint {
        Objects.requireNonNull(url, "url");
        connectTimeout = Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive: " + connectTimeout);
        }
        if (password != null && password.isEmpty() && PASSWORD_IN_URL.matcher(url).find()) {
            password = null; // an unset environment variable or configuration entry, not a second password
        }
        if (password != null && PASSWORD_IN_URL.matcher(url).find()) {
            throw new IllegalArgumentException("a password is given both in the URL and as an option: give it once");
        }
    }

    public JdbcEndpoint(String url, String user, String password) {
        this(url, user, password, null);
    }

    public static JdbcEndpoint of(String url) {
        return new JdbcEndpoint(url, null, null);
    }

    /** A connection, giving up after {@code connectTimeout} to connect and log in unless the URL sets its own limit. */
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        long seconds = Math.max(1, connectTimeout.toSeconds());
        if (lower.startsWith("jdbc:postgresql:")) {
            setUnlessInUrl(properties, lower, "connectTimeout", Long.toString(seconds));
            setUnlessInUrl(properties, lower, "loginTimeout", Long.toString(seconds));
        } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            setUnlessInUrl(properties, lower, "connectTimeout", Long.toString(seconds * 1000));
            setUnlessInUrl(properties, lower, "useServerPrepStmts", "true");
        }
        return DriverManager.getConnection(url, properties);
    }

    private static void setUnlessInUrl(Properties properties, String lowerUrl, String name, String value) {
        if (!lowerUrl.contains(name.toLowerCase(Locale.ROOT) + "=")) {
            properties.setProperty(name, value);
        }
    }

    @Override
    public String toString() {
        return "JdbcEndpoint[" + redactedUrl() + ", user=" + user + "]";
    }

    /** The URL with any password in it replaced by {@code ***}, for messages. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
