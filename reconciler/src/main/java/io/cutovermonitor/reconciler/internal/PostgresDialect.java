package io.cutovermonitor.reconciler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** PostgreSQL 12+ (trim_scale, shortest float output). The database encoding must be UTF8 for strings to match. */
public final class PostgresDialect extends Dialect {


    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void init(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // extra_float_digits >= 1: float8 text is the shortest text that reads back to the same value
            s.execute("SET extra_float_digits = 1");
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, YMD'");
            // per-chunk queries are short; compiling them costs more than it saves
            s.execute("SET jit = off");
        }
    }

    @Override
    protected String text(Column c) {
        String q = quote(c.name());
        return switch (c.kind()) {
            case INTEGER -> q + "::text";
            case DECIMAL -> "trim_scale(" + q + ")::text";
            case FLOAT -> "trim_scale((" + q + "::float8)::text::numeric)::text";
            case BOOLEAN -> "(" + q + "::int)::text";
            case DATE -> "to_char(" + q + ", 'YYYY-MM-DD')";
            // ISO output: fractions already without trailing zeros, microsecond precision
            case TIME -> "(" + q + "::time)::text";
            case TIMESTAMP -> q + "::text";
            case TIMESTAMP_TZ -> "(" + q + " AT TIME ZONE 'UTC')::text";
            case BINARY -> "encode(" + q + ", 'hex')";
            case STRING, OTHER -> asText(c);
        };
    }

    @Override
    protected String asText(Column c) {
        return quote(c.name()) + "::text";
    }

    @Override
    protected String octetLength(String textExpr) {
        return "octet_length(" + textExpr + ")::text";
    }

    @Override
    protected String concat(List<String> parts) {
        return "(" + String.join(" || ", parts) + ")";
    }

    @Override
    public String slice64(String textExpr) {
        return "('x' || left(md5(" + textExpr + "), 16))::bit(64)::bigint";
    }

    @Override
    public String md5Hex(String textExpr) {
        return "md5(" + textExpr + ")";
    }

    @Override
    public String sumExact(String sliceExpr) {
        return "sum(" + sliceExpr + ")"; // sum(bigint) is numeric in PostgreSQL: exact
    }

    @Override
    public String bitAnd(String sliceExpr, long mask) {
        return "(" + sliceExpr + " & " + mask + ")";
    }
}
