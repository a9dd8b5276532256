package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ChunkChecksum;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One table on one side. With a {@link Dialect} every count and checksum is one aggregate query computed inside the
 * database; without one (any other JDBC driver, or when forced) rows are streamed with a fetch size and hashed here
 * in the same canonical form. Either way no query collects the table's rows.
 */
public final class TableSide {

    /** Cap on rows held when the generic path sorts one leaf (a bucket, or a table without key) in memory. */
    static final int GENERIC_LEAF_CAP = 2_000_000;

    private final Connection connection;
    private final Dialect dialect;
    private final String qualifiedName;
    private final List<Column> columns;
    private final List<Column> keys;
    private final int[] keyIndexes;
    private final int fetchSize;
    private final String rowText;
    private final String keyText;

    public TableSide(Connection connection, Dialect dialect, String qualifiedName, List<Column> columns, List<Column> keys,
                     int fetchSize) {
        this.connection = connection;
        this.dialect = dialect;
        this.qualifiedName = qualifiedName;
        this.columns = List.copyOf(columns);
        this.keys = List.copyOf(keys);
        this.keyIndexes = keys.stream().mapToInt(columns::indexOf).toArray();
        this.fetchSize = fetchSize;
        this.rowText = dialect == null ? null : dialect.rowText(columns);
        this.keyText = dialect == null || keys.isEmpty() ? null : dialect.rowText(keys);
    }

    public boolean pushedDown() {
        return dialect != null;
    }

    public String describe() {
        return dialect == null ? "generic" : dialect.name();
    }

    private String q(String name) {
        return dialect == null ? Catalog.quoteGeneric(connection, name) : dialect.quote(name);
    }

    private String selectList() {
        return String.join(", ", columns.stream().map(c -> q(c.name())).toList());
    }

    /** SQL condition of a scope the database can evaluate, or null (whole table, or filtered in Java). */
    private String where(ChunkScope scope) {
        if (scope instanceof ChunkScope.Range r) {
            String k = q(keys.get(0).name());
            List<String> parts = new ArrayList<>();
            if (r.lower() != null) {
                parts.add(k + " >= " + r.lower());
            }
            if (r.upper() != null) {
                parts.add(k + " < " + r.upper());
            }
            return parts.isEmpty() ? null : String.join(" AND ", parts);
        }
        if (scope instanceof ChunkScope.Blocks b) {
            String keys = where(b.keys());
            return "ctid >= '(" + b.fromBlock() + ",0)'::tid" + (b.toBlock() == null ? "" : " AND ctid < '(" + b.toBlock() + ",0)'::tid")
                    + (keys == null ? "" : " AND " + keys);
        }
        if (scope instanceof ChunkScope.Bucket b && dialect != null) {
            return dialect.bitAnd(dialect.slice64(keyText), b.mask()) + " = " + b.bucket();
        }
        return null;
    }

    private static String whereClause(String condition) {
        return condition == null ? "" : " WHERE " + condition;
    }

    // ---------------------------------------------------------------- estimates and key bounds

    public long estimateRows() throws SQLException {
        long estimate = -1;
        try {
            if (dialect instanceof PostgresDialect) {
                estimate = queryLong("SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass", qualifiedName);
            } else if (dialect instanceof MySqlDialect) {
                String[] parts = qualifiedName.replace("`", "").split("\\.", 2);
                estimate = queryLong("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                        parts[0], parts[1]);
            }
        } catch (SQLException e) {
            connection.rollback();
            estimate = -1;
        }
        if (estimate <= 0) {
            estimate = queryLong("SELECT COUNT(*) FROM " + qualifiedName);
        }
        return estimate;
    }

    /**
     * PostgreSQL 14+ (TID range scans): the table's heap blocks cut into about {@code count} segments, each limited to
     * {@code keys}; null on other databases, which are segmented by key range.
     */
    public List<ChunkScope> blockSegments(int count, ChunkScope.Range keys) throws SQLException {
        if (!(dialect instanceof PostgresDialect) || connection.getMetaData().getDatabaseMajorVersion() < 14) {
            return null;
        }
        long blocks = queryLong("SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int", qualifiedName);
        long per = Math.max(1, (blocks + count - 1) / count);
        List<ChunkScope> out = new ArrayList<>();
        for (long from = 0; from < blocks; from += per) {
            out.add(new ChunkScope.Blocks(from, from + per, keys));
        }
        // blocks added while the run goes on
        out.add(new ChunkScope.Blocks(out.isEmpty() ? 0 : blocks, null, keys));
        return out;
    }

    /** MIN and MAX of the leading key (null when the table is empty). */
    public BigInteger[] keyBounds() throws SQLException {
        String k = q(keys.get(0).name());
        try (PreparedStatement ps = connection.prepareStatement("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + qualifiedName);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            String min = rs.getString(1);
            String max = rs.getString(2);
            return min == null ? null : new BigInteger[]{new BigDecimal(min.trim()).toBigIntegerExact(),
                    new BigDecimal(max.trim()).toBigIntegerExact()};
        } finally {
            connection.commit();
        }
    }

    private long queryLong(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } finally {
            connection.commit();
        }
    }

    // ---------------------------------------------------------------- checksums

    /** Checksums of range chunks {@code [base + b*width, base + (b+1)*width)} inside one segment, by b. */
    public Map<Long, ChunkChecksum> rangeChunks(ChunkScope segment, long base, long width) throws SQLException {
        Map<Long, ChunkChecksum> out = new TreeMap<>();
        if (dialect != null) {
            String bucket = dialect.rangeBucket(q(keys.get(0).name()), base, width);
            String sql = "SELECT " + bucket + ", COUNT(*), " + dialect.sumExact(dialect.slice64(rowText)) + " FROM "
                    + qualifiedName + whereClause(where(segment)) + " GROUP BY " + bucket;
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new ChunkChecksum(rs.getLong(2), sum(rs, 3)));
                }
            } finally {
                connection.commit();
            }
            return out;
        }
        Map<Long, ChunkChecksum.Accumulator> acc = new TreeMap<>();
        stream(segment, (row, slice, keyHash) -> {
            long k = row.getLong(keyIndexes[0] + 1);
            long b = Math.floorDiv(k - base, width);
            acc.computeIfAbsent(b, x -> new ChunkChecksum.Accumulator()).add(slice);
        });
        acc.forEach((b, a) -> out.put(b, a.toChecksum()));
        return out;
    }

    /** Checksums of every hash bucket {@code (keySlice & (n-1))}, n a power of two. */
    public ChunkChecksum[] hashChunks(int n) throws SQLException {
        ChunkChecksum[] out = new ChunkChecksum[n];
        java.util.Arrays.fill(out, ChunkChecksum.EMPTY);
        long mask = n - 1L;
        if (dialect != null) {
            String bucket = dialect.bitAnd(dialect.slice64(keyText), mask);
            String sql = "SELECT " + bucket + ", COUNT(*), " + dialect.sumExact(dialect.slice64(rowText)) + " FROM "
                    + qualifiedName + " GROUP BY " + bucket;
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out[(int) rs.getLong(1)] = new ChunkChecksum(rs.getLong(2), sum(rs, 3));
                }
            } finally {
                connection.commit();
            }
            return out;
        }
        ChunkChecksum.Accumulator[] acc = new ChunkChecksum.Accumulator[n];
        for (int i = 0; i < n; i++) {
            acc[i] = new ChunkChecksum.Accumulator();
        }
        stream(new ChunkScope.All(), (row, slice, keySlice) -> acc[(int) (keySlice & mask)].add(slice));
        for (int i = 0; i < n; i++) {
            out[i] = acc[i].toChecksum();
        }
        return out;
    }

    /** One chunk's checksum. */
    public ChunkChecksum checksum(ChunkScope scope) throws SQLException {
        if (dialect != null) {
            String sql = "SELECT COUNT(*), " + dialect.sumExact(dialect.slice64(rowText)) + " FROM " + qualifiedName
                    + whereClause(where(scope));
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkChecksum(rs.getLong(1), sum(rs, 2));
            } finally {
                connection.commit();
            }
        }
        ChunkChecksum.Accumulator acc = new ChunkChecksum.Accumulator();
        stream(scope, (row, slice, keySlice) -> {
            if (!(scope instanceof ChunkScope.Bucket b) || (keySlice & b.mask()) == b.bucket()) {
                acc.add(slice);
            }
        });
        return acc.toChecksum();
    }

    private static BigInteger sum(ResultSet rs, int index) throws SQLException {
        BigDecimal d = rs.getBigDecimal(index);
        return d == null ? BigInteger.ZERO : d.toBigIntegerExact();
    }

    // ---------------------------------------------------------------- rows of a leaf, for the key-level diff

    /** A row of a leaf: the hash of its key (the row hash when there is no key), its row hash, and its key text. */
    public record LeafRow(String keyHash, String rowHash, Map<String, String> key) {
    }

    /** Streams the rows of a scope ordered by key hash; the caller closes it. */
    public LeafCursor leaf(ChunkScope scope) throws SQLException {
        List<Column> shown = keys.isEmpty() ? columns : keys;
        if (dialect != null) {
            String kh = dialect.md5Hex(keys.isEmpty() ? rowText : keyText);
            String sql = "SELECT " + kh + " AS kh, " + dialect.md5Hex(rowText) + " AS rh, "
                    + String.join(", ", shown.stream().map(c -> q(c.name())).toList()) + " FROM " + qualifiedName
                    + whereClause(where(scope)) + " ORDER BY kh";
            PreparedStatement ps = connection.prepareStatement(sql);
            ps.setFetchSize(fetchSize);
            ResultSet rs = ps.executeQuery();
            return new LeafCursor() {
                LeafRow next = advance();

                private LeafRow advance() throws SQLException {
                    if (!rs.next()) {
                        return null;
                    }
                    Map<String, String> key = new LinkedHashMap<>();
                    for (int i = 0; i < shown.size(); i++) {
                        key.put(shown.get(i).name(), abbreviate(Canonical.text(shown.get(i), rs, i + 3)));
                    }
                    return new LeafRow(rs.getString(1), rs.getString(2), key);
                }

                @Override
                public LeafRow peek() {
                    return next;
                }

                @Override
                public void next() throws SQLException {
                    next = advance();
                }

                @Override
                public void close() throws SQLException {
                    try {
                        rs.close();
                        ps.close();
                    } finally {
                        connection.commit();
                    }
                }
            };
        }
        List<LeafRow> rows = new ArrayList<>();
        wantRowHex = true;
        try {
        stream(scope, new RowSink() {
            final RowHash keyHasher = new RowHash();
            final Canonical.ByteBuf buf = new Canonical.ByteBuf();

            @Override
            public void row(ResultSet rs, long slice, long keySlice) throws SQLException {
                if (scope instanceof ChunkScope.Bucket b && (keySlice & b.mask()) != b.bucket()) {
                    return;
                }
                if (rows.size() >= GENERIC_LEAF_CAP) {
                    throw new SQLException("generic path: a leaf of more than " + GENERIC_LEAF_CAP + " rows");
                }
                String rowHex = lastRowHex;
                String keyHex = rowHex;
                if (!keys.isEmpty()) {
                    buf.reset();
                    for (int i = 0; i < keys.size(); i++) {
                        Canonical.appendToken(buf, keys.get(i).kind(), Canonical.text(keys.get(i), rs, keyIndexes[i] + 1));
                    }
                    keyHasher.slice(buf);
                    keyHex = keyHasher.lastHex();
                }
                Map<String, String> key = new LinkedHashMap<>();
                for (Column c : shown) {
                    key.put(c.name(), abbreviate(Canonical.text(c, rs, columns.indexOf(c) + 1)));
                }
                rows.add(new LeafRow(keyHex, rowHex, key));
            }
        });
        } finally {
            wantRowHex = false;
        }
        rows.sort(Comparator.comparing(LeafRow::keyHash));
        Iterator<LeafRow> it = rows.iterator();
        return new LeafCursor() {
            LeafRow next = it.hasNext() ? it.next() : null;

            @Override
            public LeafRow peek() {
                return next;
            }

            @Override
            public void next() {
                next = it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    private static String abbreviate(String s) {
        return s == null ? null : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Rows of a leaf in key-hash order. */
    public interface LeafCursor extends AutoCloseable {
        /** The current row, or null at the end. */
        LeafRow peek();

        void next() throws SQLException;

        @Override
        void close() throws SQLException;
    }

    // ---------------------------------------------------------------- the generic path: stream and hash in Java

    private interface RowSink {
        void row(ResultSet rs, long slice, long keySlice) throws SQLException;
    }

    private String lastRowHex;
    private boolean wantRowHex;

    private void stream(ChunkScope scope, RowSink sink) throws SQLException {
        String sql = "SELECT " + selectList() + " FROM " + qualifiedName + whereClause(where(scope));
        RowHash rowHash = new RowHash();
        RowHash keyHash = new RowHash();
        Canonical.ByteBuf row = new Canonical.ByteBuf();
        Canonical.ByteBuf key = new Canonical.ByteBuf();
        int n = columns.size();
        String[] texts = new String[n];
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(fetchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.reset();
                    for (int i = 0; i < n; i++) {
                        texts[i] = Canonical.text(columns.get(i), rs, i + 1);
                        Canonical.appendToken(row, columns.get(i).kind(), texts[i]);
                    }
                    long slice = rowHash.slice(row);
                    lastRowHex = wantRowHex ? rowHash.lastHex() : null;
                    long keySlice = 0;
                    if (keyIndexes.length > 0) {
                        key.reset();
                        for (int i = 0; i < keyIndexes.length; i++) {
                            Canonical.appendToken(key, keys.get(i).kind(), texts[keyIndexes[i]]);
                        }
                        keySlice = keyHash.slice(key);
                    }
                    sink.row(rs, slice, keySlice);
                }
            }
        } finally {
            connection.commit();
        }
    }
}
