package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ColumnKind;

/** A column as one side sees it: its real name there, and how it is canonicalised. */
public record Column(String name, ColumnKind kind, int jdbcType, String typeName) {

    /** REAL / FLOAT4 / MySQL FLOAT: a 32-bit float. */
    public boolean singlePrecision() {
        String t = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        return jdbcType == java.sql.Types.REAL || t.equals("float4") || t.equals("real") || t.equals("binary_float")
                || t.startsWith("float") && !t.startsWith("float8");
    }
}
