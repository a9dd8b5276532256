package io.cutovermonitor.reconciler;

import java.sql.Types;
import java.util.Locale;

/** How a column is put in canonical form (docs/reconciler.md has the table). Decided from each side's own JDBC type. */
public enum ColumnKind {
    INTEGER, DECIMAL, FLOAT, BOOLEAN, STRING, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, BINARY, OTHER;

    /** Classifies a column from its JDBC type code and database type name. */
    public static ColumnKind of(int jdbcType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("timestamptz") || name.contains("with time zone") || name.contains("with_timezone")) {
            return TIMESTAMP_TZ;
        }
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> FLOAT;
            case Types.BIT, Types.BOOLEAN -> name.startsWith("bit") && !name.equals("bit") ? BINARY : BOOLEAN;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> STRING;
            case Types.DATE -> DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
            case Types.TIMESTAMP -> TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            default -> OTHER;
        };
    }

    /** Kinds whose canonical text can contain any character, so their token carries a byte-length prefix. */
    public boolean lengthPrefixed() {
        return this == STRING || this == OTHER;
    }
}
