package io.cutovermonitor.reconciler.internal;

import java.util.List;

/** H2 2.x. */
public final class H2Dialect extends Dialect {

    private static final String TS = "'yyyy-MM-dd HH:mm:ss.SSSSSS'";

    @Override
    public String name() {
        return "h2";
    }

    private static String trimDecimal(String s) {
        return "CASE WHEN LOCATE('.', " + s + ") > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + s + ")) ELSE "
                + s + " END";
    }

    /** For text that always has a '.': drops trailing zeros of the fraction, then a bare dot. */
    private static String trimFraction(String s) {
        return "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + s + "))";
    }

    @Override
    protected String text(Column c) {
        String q = quote(c.name());
        return switch (c.kind()) {
            case INTEGER -> "CAST(" + q + " AS VARCHAR)";
            case DECIMAL -> "CASE WHEN " + q + " = 0 THEN '0' ELSE " + trimDecimal("CAST(" + q + " AS VARCHAR)") + " END";
            case FLOAT -> "CASE WHEN " + q + " = 0 THEN '0' ELSE "
                    + trimDecimal("CAST(CAST(CAST(" + q + " AS DOUBLE PRECISION) AS NUMERIC(1000, 500)) AS VARCHAR)") + " END";
            case BOOLEAN -> "CASE WHEN " + q + " THEN '1' WHEN NOT " + q + " THEN '0' END";
            case DATE -> "FORMATDATETIME(" + q + ", 'yyyy-MM-dd')";
            case TIME -> trimFraction("FORMATDATETIME(" + q + ", 'HH:mm:ss.SSSSSS')");
            case TIMESTAMP -> trimFraction("FORMATDATETIME(" + q + ", " + TS + ")");
            case TIMESTAMP_TZ -> trimFraction("FORMATDATETIME(" + q + ", " + TS + ", 'en', 'UTC')");
            case BINARY -> "LOWER(RAWTOHEX(" + q + "))";
            case STRING, OTHER -> asText(c);
        };
    }

    /** H2 keeps a CHAR(n)'s padding through the cast, where PostgreSQL's and MariaDB's casts drop it. */
    @Override
    protected String asText(Column c) {
        String text = "CAST(" + quote(c.name()) + " AS VARCHAR)";
        return c.fixedLength() ? "RTRIM(" + text + ")" : text;
    }

    @Override
    protected String octetLength(String textExpr) {
        return "CAST(OCTET_LENGTH(" + textExpr + ") AS VARCHAR)";
    }

    @Override
    protected String concat(List<String> parts) {
        return "(" + String.join(" || ", parts) + ")";
    }

    @Override
    public String slice64(String textExpr) {
        return "CAST(SUBSTRING(HASH('MD5', " + textExpr + ") FROM 1 FOR 8) AS BIGINT)";
    }

    @Override
    public String md5Hex(String textExpr) {
        return "LOWER(RAWTOHEX(HASH('MD5', " + textExpr + ")))";
    }

    @Override
    public String sumExact(String sliceExpr) {
        return "SUM(CAST(" + sliceExpr + " AS NUMERIC(40, 0)))";
    }

    @Override
    public String bitAnd(String sliceExpr, long mask) {
        return "BITAND(" + sliceExpr + ", " + mask + ")";
    }
}
