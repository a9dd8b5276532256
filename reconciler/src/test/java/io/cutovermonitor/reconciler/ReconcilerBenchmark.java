package io.cutovermonitor.reconciler;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Benchmark (not a test): the reconciler's full-table checksum against the database's own full scan with a hash
 * aggregate over the same columns, on PostgreSQL and on MariaDB, measured in the same run. Prints both and the ratio
 * (target: reconciler speed >= 0.7 x scan speed), and the generic (streaming, hashed in Java) path's speed.
 * <pre>
 * ./mvnw -q -pl reconciler -am install -DskipTests
 * ./mvnw -q -o -pl reconciler exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.cutovermonitor.reconciler.ReconcilerBenchmark -Dexec.args="10000000 10000000 1000000"
 * </pre>
 * Arguments: PostgreSQL rows, MariaDB rows, rows for the generic path (a prefix of the same tables).
 * The reconciler is measured one-sided: the target is an empty table of the same shape, so the time is that of
 * checksumming the source table.
 */
public final class ReconcilerBenchmark {

    private static final String COLS = "id, customer, amount, status, created_at, note, paid";

    public static void main(String[] args) throws Exception {
        long pgRows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        long mariaRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        long genericRows = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        if (pgRows > 0) {
            postgres(pgRows, genericRows);
        }
        if (mariaRows > 0) {
            mariadb(mariaRows, genericRows);
        }
    }

    private static void postgres(long pgRows, long genericRows) throws Exception {
        try (TestDatabase pg = TestDatabase.postgres()) {
            long t0 = System.nanoTime();
            pg.execute("CREATE TABLE bench (id bigint PRIMARY KEY, customer varchar(40), amount numeric(12,2),"
                            + " status varchar(12), created_at timestamp(6), note text, paid boolean)",
                    "CREATE TABLE empty (LIKE bench INCLUDING ALL)",
                    "INSERT INTO bench SELECT g, 'customer-' || (g % 9973), (g % 100000) / 7.0, (ARRAY['NEW','PAID','SHIPPED','CANCELLED'])[1 + g % 4],"
                            + " timestamp '2024-01-01' + g * interval '1 second', CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END,"
                            + " g % 2 = 0 FROM generate_series(1, " + pgRows + ") g",
                    "VACUUM ANALYZE bench");
            System.out.printf(Locale.ROOT, "PostgreSQL: %,d rows built in %.1f s%n", pgRows, secs(t0));
            run(pg, pgRows, genericRows,
                    "SELECT count(*), sum(('x' || left(md5(concat_ws('|', " + COLS + ")), 16))::bit(64)::bigint) FROM bench",
                    "SELECT count(*), sum(hashtext(concat_ws('|', " + COLS + "))::bigint) FROM bench");
        }
    }

    private static void mariadb(long mariaRows, long genericRows) throws Exception {
        try (TestDatabase maria = TestDatabase.mariadb()) {
            long t0 = System.nanoTime();
            maria.execute("CREATE TABLE bench (id bigint PRIMARY KEY, customer varchar(40), amount decimal(12,2),"
                            + " status varchar(12), created_at datetime(6), note text, paid boolean) CHARACTER SET utf8mb4",
                    "CREATE TABLE empty LIKE bench",
                    "INSERT INTO bench SELECT seq, CONCAT('customer-', seq % 9973), (seq % 100000) / 7,"
                            + " ELT(1 + seq % 4, 'NEW','PAID','SHIPPED','CANCELLED'), TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                            + " IF(seq % 5 = 0, NULL, CONCAT('note ', seq)), seq % 2 = 0 FROM seq_1_to_" + mariaRows,
                    "ANALYZE TABLE bench");
            System.out.printf(Locale.ROOT, "MariaDB: %,d rows built in %.1f s%n", mariaRows, secs(t0));
            run(maria, mariaRows, genericRows,
                    "SELECT COUNT(*), SUM(CAST(CONV(LEFT(MD5(CONCAT_WS('|', " + COLS + ")), 16), 16, -10) AS SIGNED)) FROM bench",
                    "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', " + COLS + "))) FROM bench");
        }
    }

    private static void run(TestDatabase db, long rows, long genericRows, String md5Scan, String cheapScan) throws Exception {
        String engine = db.engine().name().toLowerCase(Locale.ROOT);
        double scan = Double.MAX_VALUE;
        double cheap = Double.MAX_VALUE;
        double reconciler = Double.MAX_VALUE;
        double reconciler3 = Double.MAX_VALUE;
        for (int i = 0; i < 2; i++) { // best of two: the first run also warms the cache
            scan = Math.min(scan, time(db, md5Scan));
            cheap = Math.min(cheap, time(db, cheapScan));
            reconciler = Math.min(reconciler, reconcileTable(db, "bench", "empty", false, 2));
            reconciler3 = Math.min(reconciler3, reconcileTable(db, "bench", "empty", false, 3));
        }
        System.out.printf(Locale.ROOT, "%s: database scan md5 hash aggregate  %6.2f s  %,12.0f rows/s%n", engine, scan, rows / scan);
        System.out.printf(Locale.ROOT, "%s: database scan cheap hash (%s)     %6.2f s  %,12.0f rows/s%n", engine,
                engine.equals("postgres") ? "hashtext" : "crc32", cheap, rows / cheap);
        System.out.printf(Locale.ROOT, "%s: reconciler push-down, --parallel 2  %6.2f s  %,12.0f rows/s%n", engine, reconciler, rows / reconciler);
        System.out.printf(Locale.ROOT, "%s: reconciler push-down, --parallel 3  %6.2f s  %,12.0f rows/s%n", engine, reconciler3, rows / reconciler3);
        System.out.printf(Locale.ROOT, "%s: RATIO reconciler / md5 scan speed = %.2f (--parallel 2), %.2f (--parallel 3; PostgreSQL's scan uses"
                        + " a leader and 2 workers) (target >= 0.70); vs cheap-hash scan = %.2f%n",
                engine, scan / reconciler, scan / reconciler3, cheap / reconciler);
        if (db.engine() == TestDatabase.Engine.POSTGRES) {
            // per core: PostgreSQL's scan without parallel workers against the reconciler on one connection per side
            double serialScan = Double.MAX_VALUE;
            double serialReconciler = Double.MAX_VALUE;
            for (int i = 0; i < 2; i++) {
                serialScan = Math.min(serialScan, time(db, "SET max_parallel_workers_per_gather = 0", md5Scan));
                serialReconciler = Math.min(serialReconciler, reconcileTable(db, "bench", "empty", false, 1));
            }
            System.out.printf(Locale.ROOT, "%s: one process each: scan %6.2f s, reconciler --parallel 1 %6.2f s: RATIO %.2f%n",
                    engine, serialScan, serialReconciler, serialScan / serialReconciler);
        }
        if (genericRows > 0) {
            db.execute(db.engine() == TestDatabase.Engine.POSTGRES
                    ? "CREATE TABLE gen AS SELECT * FROM bench WHERE id <= " + genericRows
                    : "CREATE TABLE gen AS SELECT * FROM bench WHERE id <= " + genericRows,
                    "ALTER TABLE gen ADD PRIMARY KEY (id)",
                    db.engine() == TestDatabase.Engine.POSTGRES ? "CREATE TABLE gen_empty (LIKE gen INCLUDING ALL)" : "CREATE TABLE gen_empty LIKE gen");
            double pushed = reconcileTable(db, "gen", "gen_empty", false, 2);
            double generic = reconcileTable(db, "gen", "gen_empty", true, 2);
            System.out.printf(Locale.ROOT, "%s: generic path (streamed, hashed in Java) %,d rows: %6.2f s %,10.0f rows/s (push-down on the same rows: %,.0f rows/s)%n",
                    engine, genericRows, generic, genericRows / generic, genericRows / pushed);
        }
    }

    private static double time(TestDatabase db, String sql) throws Exception {
        return time(db, null, sql);
    }

    private static double time(TestDatabase db, String setting, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            if (setting != null) {
                s.execute(setting);
            }
            long t0 = System.nanoTime();
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
            }
            return secs(t0);
        }
    }

    /** Checksums {@code table} (source) against an empty copy (target) in the same database: a one-sided cost. */
    private static double reconcileTable(TestDatabase db, String table, String empty, boolean generic, int parallelism)
            throws Exception {
        String url = db.endpoint().url();
        String emptyUrl = url; // same database, the empty table as target
        long t0 = System.nanoTime();
        ReconciliationReport report = new Reconciler().run(ReconciliationRequest.builder(JdbcEndpoint.of(url), JdbcEndpoint.of(emptyUrl))
                .table(TableSpec.of(table).withTarget(empty)).chunkSize(10_000).recheckDelay(Duration.ZERO)
                .maxDifferences(0).generic(generic).parallelism(parallelism).build());
        double s = secs(t0);
        if (report.tables().get(0).sourceRows() == 0 || report.tables().get(0).error() != null) {
            throw new IllegalStateException("benchmark run failed: " + report);
        }
        return s;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
