package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ColumnKind;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The canonical row form in Java: the same bytes the per-dialect SQL builds inside the database, so the generic
 * (streaming) path gives the same checksums. A row is the concatenation, in column-name order, of one token per column:
 * <ul>
 *   <li>NULL: {@code N,}</li>
 *   <li>string-like values: {@code <UTF-8 byte length>:<text>,}</li>
 *   <li>every other kind: {@code <canonical text>,} — that text comes from a fixed alphabet without {@code ,}
 *       and is never {@code N}, so no value can imitate a separator or the NULL token</li>
 * </ul>
 */
public final class Canonical {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final HexFormat HEX = HexFormat.of();

    private Canonical() {
    }

    /** Canonical text of one value read from {@code rs} at {@code index}, or null for SQL NULL. */
    public static String text(Column column, ResultSet rs, int index) throws SQLException {
        switch (column.kind()) {
            case INTEGER: {
                String s = rs.getString(index);
                return s == null ? null : new BigDecimal(s.trim()).toPlainString();
            }
            case DECIMAL: {
                BigDecimal d = rs.getBigDecimal(index);
                return d == null ? null : decimal(d);
            }
            case FLOAT: {
                // single precision is read as float (MariaDB sends FLOAT as 6-digit text) and widened exactly
                double d = column.singlePrecision() ? rs.getFloat(index) : rs.getDouble(index);
                return rs.wasNull() ? null : floating(d);
            }
            case BOOLEAN: {
                Object o = rs.getObject(index);
                if (o == null) {
                    return null;
                }
                if (o instanceof Boolean b) {
                    return b ? "1" : "0";
                }
                if (o instanceof Number n) {
                    return Long.toString(n.longValue());
                }
                if (o instanceof byte[] bytes) {
                    return new java.math.BigInteger(1, bytes).toString();
                }
                return o.toString();
            }
            case DATE: {
                LocalDate d = rs.getObject(index, LocalDate.class);
                return d == null ? null : DATE.format(d);
            }
            case TIME: {
                Object o = rs.getObject(index);
                if (o == null) {
                    return null;
                }
                if (o instanceof OffsetTime ot) {
                    return trimFraction(TIME.format(ot.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MICROS)));
                }
                LocalTime t = rs.getObject(index, LocalTime.class);
                return trimFraction(TIME.format(t.truncatedTo(ChronoUnit.MICROS)));
            }
            case TIMESTAMP: {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : timestamp(t);
            }
            case TIMESTAMP_TZ: {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                return t == null ? null : timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            }
            case BINARY: {
                byte[] b = rs.getBytes(index);
                return b == null ? null : HEX.formatHex(b);
            }
            case STRING: {
                String s = rs.getString(index);
                return s == null || !column.fixedLength() ? s : withoutPadding(s);
            }
            default:
                return rs.getString(index);
        }
    }

    /** CHAR(n) text without the spaces that pad it to n, as the databases' own casts to text give it. */
    static String withoutPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code 2024-01-02 03:04:05.12} (UTC; microseconds at most, no trailing zeros, no dot without fraction). */
    public static String timestamp(LocalDateTime utc) {
        return trimFraction(TIMESTAMP.format(utc.truncatedTo(ChronoUnit.MICROS)));
    }

    private static String trimFraction(String s) {
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Decimals: plain notation, no exponent, no trailing zeros, no negative zero: {@code 0.71}, {@code 100}. */
    public static String decimal(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /**
     * Floating point: the value as an IEEE-754 double (REAL/FLOAT4 widened exactly), written with the fewest
     * significant digits that read back to the same double (round-half-even when two candidates are equally short),
     * then as a {@link #decimal(BigDecimal) decimal}; {@code NaN}, {@code Infinity}, {@code -Infinity}; -0 is 0.
     */
    public static String floating(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0.0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                return decimal(r);
            }
        }
        return decimal(exact);
    }

    /** Appends one column's token to {@code out}. */
    public static void appendToken(ByteBuf out, ColumnKind kind, String text) {
        if (text == null) {
            out.put((byte) 'N').put((byte) ',');
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (kind.lengthPrefixed()) {
            out.putAscii(Integer.toString(bytes.length)).put((byte) ':');
        }
        out.put(bytes).put((byte) ',');
    }

    /** A growable byte buffer, reused row after row so hashing allocates little. */
    public static final class ByteBuf {
        private byte[] data = new byte[256];
        private int size;

        public ByteBuf reset() {
            size = 0;
            return this;
        }

        public ByteBuf put(byte b) {
            ensure(1);
            data[size++] = b;
            return this;
        }

        public ByteBuf put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
            return this;
        }

        public ByteBuf putAscii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                data[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        public byte[] array() {
            return data;
        }

        public int size() {
            return size;
        }

        private void ensure(int n) {
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + n));
            }
        }
    }
}
