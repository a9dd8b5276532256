package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ColumnKind;

/** A column as one side sees it: its real name there, and how it is canonicalised. */
public record Column(String name, ColumnKind kind, int jdbcType, String typeName) {

    /**
     * CHAR(n) / NCHAR(n) / PostgreSQL's bpchar: stored padded with spaces to n. Some drivers return the padding
     * (PostgreSQL, Oracle), some do not (MariaDB), and the databases' own text casts drop it, so it is not data.
     */
    public boolean fixedLength() {
        String t = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        return jdbcType == java.sql.Types.CHAR || jdbcType == java.sql.Types.NCHAR || t.equals("bpchar")
                || t.equals("char") || t.equals("nchar") || t.equals("character");
    }

    /** REAL / FLOAT4 / MySQL FLOAT: a 32-bit float. */
    public boolean singlePrecision() {
        String t = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        return jdbcType == java.sql.Types.REAL || t.equals("float4") || t.equals("real") || t.equals("binary_float")
                || t.startsWith("float") && !t.startsWith("float8");
    }
}
