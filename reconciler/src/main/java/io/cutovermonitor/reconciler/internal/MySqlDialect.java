package io.cutovermonitor.reconciler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * MySQL 8 and MariaDB 10.3+. The session runs in UTC ({@code TIMESTAMP} columns read as UTC) with utf8mb4.
 * Floating point goes through DECIMAL(65,30), which holds magnitudes from 1e-30 to below 1e35 (outside that range
 * a float is not canonical on this dialect: see docs/reconciler.md).
 */
public final class MySqlDialect extends Dialect {

    private final boolean mariadb;

    public MySqlDialect(boolean mariadb) {
        this.mariadb = mariadb;
    }

    @Override
    public String name() {
        return mariadb ? "mariadb" : "mysql";
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public void init(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET NAMES utf8mb4");
            s.execute("SET time_zone = '+00:00'");
        }
    }

    private static String trimDecimal(String s) {
        return "IF(INSTR(" + s + ", '.') > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + s + ")), " + s + ")";
    }

    /** For text that always has a '.': drops trailing zeros of the fraction, then a bare dot. */
    private static String trimFraction(String s) {
        return "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + s + "))";
    }

    @Override
    protected String text(Column c) {
        String q = quote(c.name());
        return switch (c.kind()) {
            case INTEGER -> "CAST(" + q + " AS CHAR)";
            case DECIMAL -> trimDecimal("CAST(" + q + " AS CHAR)");
            case FLOAT -> "IF(" + q + " = 0, '0', " + trimDecimal("CAST(CAST(" + q + " AS DOUBLE) AS DECIMAL(65,30))") + ")";
            case BOOLEAN -> "CAST(" + q + " + 0 AS CHAR)";
            case DATE -> "DATE_FORMAT(" + q + ", '%Y-%m-%d')";
            case TIME -> trimFraction("TIME_FORMAT(" + q + ", '%H:%i:%s.%f')");
            case TIMESTAMP, TIMESTAMP_TZ -> trimFraction("DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')");
            case BINARY -> "LOWER(HEX(" + q + "))";
            case STRING, OTHER -> asText(c);
        };
    }

    @Override
    protected String asText(Column c) {
        return "CONVERT(" + quote(c.name()) + " USING utf8mb4)";
    }

    @Override
    protected String octetLength(String textExpr) {
        return "LENGTH(" + textExpr + ")";
    }

    @Override
    protected String concat(List<String> parts) {
        return "CONCAT(" + String.join(", ", parts) + ")";
    }

    @Override
    public String slice64(String textExpr) {
        return "CAST(CONV(LEFT(MD5(" + textExpr + "), 16), 16, -10) AS SIGNED)";
    }

    @Override
    public String md5Hex(String textExpr) {
        return "MD5(" + textExpr + ")";
    }

    @Override
    public String sumExact(String sliceExpr) {
        return "SUM(" + sliceExpr + ")"; // SUM of BIGINT is DECIMAL: exact
    }

    @Override
    public String bitAnd(String sliceExpr, long mask) {
        return "(" + sliceExpr + " & " + mask + ")";
    }

    @Override
    public String rangeBucket(String keyExpr, long base, long width) {
        return "((" + keyExpr + " - " + base + ") DIV " + width + ")";
    }
}
