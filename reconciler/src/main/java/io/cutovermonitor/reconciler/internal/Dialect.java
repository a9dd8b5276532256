package io.cutovermonitor.reconciler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Per-dialect SQL that builds the canonical row form (see {@link Canonical}) and its hash inside the database.
 * {@code null} from {@link #detect} means: no push-down, stream rows and hash them in Java.
 */
public abstract class Dialect {

    public abstract String name();

    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Session settings the canonical SQL relies on (UTC session time zone, UTF-8 client encoding). */
    public void init(Connection connection) throws SQLException {
    }

    /** Canonical text of a non-NULL value of column {@code c} (SQL NULL when the value is NULL). */
    protected abstract String text(Column c);

    /** Byte length (UTF-8) of a text expression. */
    protected abstract String octetLength(String textExpr);

    /** The string-like column as text in UTF-8. */
    protected abstract String asText(Column c);

    protected abstract String concat(List<String> parts);

    /** Signed 64-bit integer from the first 8 bytes of MD5 of a text expression. */
    public abstract String slice64(String textExpr);

    public abstract String md5Hex(String textExpr);

    /** An aggregate summing slices exactly (no overflow). */
    public abstract String sumExact(String sliceExpr);

    /** The low bits of a slice: {@code slice & mask}, a non-negative integer. */
    public abstract String bitAnd(String sliceExpr, long mask);

    /** {@code floor((key - base) / width)} for {@code key >= base}. */
    public String rangeBucket(String keyExpr, long base, long width) {
        return "((" + keyExpr + " - " + base + ") / " + width + ")";
    }

    /** One column's token: never NULL. */
    public String token(Column c) {
        String q = quote(c.name());
        if (c.kind().lengthPrefixed()) {
            String t = asText(c);
            return "COALESCE(" + concat(List.of(octetLength(t), "':'", t, "','")) + ", 'N,')";
        }
        return "COALESCE(" + concat(List.of(text(c), "','")) + ", 'N,')";
    }

    /** The canonical text of a whole row (or key): the concatenation of the tokens, in the given order. */
    public String rowText(List<Column> columns) {
        return concat(columns.stream().map(this::token).toList());
    }

    /** The push-down dialect for a connection, or null when rows must be streamed and hashed in Java. */
    public static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return new PostgresDialect();
        }
        if (product.contains("mariadb")) {
            return new MySqlDialect(true);
        }
        if (product.contains("mysql")) {
            return new MySqlDialect(false);
        }
        if (product.equals("h2")) {
            return new H2Dialect();
        }
        return null;
    }
}
