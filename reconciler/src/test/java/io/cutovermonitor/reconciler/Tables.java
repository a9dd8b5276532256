package io.cutovermonitor.reconciler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/** Test data: an orders table generated in PostgreSQL and copied row by row to another database over JDBC. */
final class Tables {

    private Tables() {
    }

    static final String PG_ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL,"
            + " amount numeric(12,2), status varchar(12), created_at timestamp(6), updated_at timestamptz,"
            + " note text, paid boolean)";
    static final String MARIADB_ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL,"
            + " amount decimal(12,2), status varchar(12), created_at datetime(6), updated_at timestamp(6) NULL,"
            + " note text, paid boolean) CHARACTER SET utf8mb4";

    /** Fills PostgreSQL's orders with ids 1..rows: repeatable, with NULLs, Unicode and fractions. */
    static void generateOrders(TestDatabase pg, long rows) throws SQLException {
        pg.execute(PG_ORDERS, "INSERT INTO orders SELECT g, 'customer-' || (g % 9973) || CASE WHEN g % 7 = 0 THEN ' ü😀' ELSE '' END,"
                + " CASE WHEN g % 11 = 0 THEN NULL ELSE round((g % 100000) / 7.0, 2) END,"
                + " (ARRAY['NEW','PAID','SHIPPED','CANCELLED'])[1 + g % 4],"
                + " timestamp '2024-01-01' + g * interval '1.000123 second',"
                + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',"
                + " CASE WHEN g % 5 = 0 THEN NULL WHEN g % 5 = 1 THEN '' ELSE 'note ' || g END,"
                + " g % 2 = 0 FROM generate_series(1, " + rows + ") g", "ANALYZE orders");
    }

    /** Copies a table's rows with a streaming read and batched inserts. Returns rows copied. */
    static long copy(TestDatabase from, TestDatabase to, String table) throws SQLException {
        long n = 0;
        try (Connection src = from.connect(); Connection dst = to.connect()) {
            src.setAutoCommit(false);
            dst.setAutoCommit(false);
            try (Statement s = src.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    int cols = md.getColumnCount();
                    String marks = "?" + ", ?".repeat(cols - 1);
                    try (PreparedStatement ins = dst.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
                        while (rs.next()) {
                            for (int i = 1; i <= cols; i++) {
                                Object v = md.getColumnTypeName(i).equals("timestamptz")
                                        ? rs.getObject(i, java.time.OffsetDateTime.class) : rs.getObject(i);
                                if (v instanceof java.time.OffsetDateTime odt) {
                                    v = odt.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
                                }
                                ins.setObject(i, v);
                            }
                            ins.addBatch();
                            if (++n % 5_000 == 0) {
                                ins.executeBatch();
                            }
                        }
                        ins.executeBatch();
                    }
                }
            }
            dst.commit();
            src.commit();
        }
        return n;
    }
}
