package io.cutovermonitor.reconciler;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Awkward values stored in PostgreSQL, MariaDB and H2 with each engine's natural types: equal data gives equal
 * chunk checksums on every engine and on the generic (Java) path. MariaDB is reached through its default (text)
 * protocol, as a user's URL would, so a FLOAT is read at the precision it is stored only because the reconciler
 * asks for the binary protocol itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusIT {

    private TestDatabase pg;
    private TestDatabase maria;
    private TestDatabase h2;

    // id, s, u, d (scale differs per engine), d18, bi, f, r, ts, tz (UTC instant), dt, b, bin (hex); c, a CHAR(6)
    // column, holds what s holds (PostgreSQL and H2 return it padded to 6, MariaDB does not)
    private static final List<String[]> ROWS = List.of(
            new String[]{"1", null, null, null, null, null, null, null, null, null, null, null, null, null},
            new String[]{"2", "''", "''", "0", "0", "0", "0", "0", "'1970-01-01 00:00:00'", "'1970-01-01 00:00:01'", "'1970-01-01'", "FALSE", "''", "''"},
            new String[]{"3", "'a  '", "'Grüße 😀 日本 ‍👩‍💻'", "0.71", "999999999999999999", "9223372036854775807", "0.1", "0.1",
                    "'2024-02-29 23:59:59.123456'", "'2024-06-30 20:00:00.5'", "'2024-02-29'", "TRUE", "'00ff10'", "'a  '"},
            new String[]{"4", "'N'", "'5:abc,N,'", "-123.45", "-999999999999999999", "-9223372036854775808", "-0.0", "3.25",
                    "'1999-12-31 23:59:59.000001'", "'2000-01-01 00:00:00.999999'", "'0001-01-01'", "TRUE", "'ff'", "'N'"},
            new String[]{"5", "' '", "'\\t tab'", "100.5", "1", "-1", "123456789.125", "-1.5e-7",
                    "'2038-01-19 03:14:07.999'", "'2038-01-19 03:14:07'", "'9999-12-31'", "FALSE", "'0000'", "' '"},
            new String[]{"6", "'a'", "'A'", "0.0000001", "10", "42", "1e-20", "16777216",
                    "'2024-01-01 00:00:00'", "'2024-03-31 01:30:00.25'", "'2024-01-01'", null, null, "'a'"});

    @BeforeAll
    void createCorpus() throws Exception {
        pg = TestDatabase.postgres();
        maria = TestDatabase.mariadb();
        h2 = TestDatabase.h2();
        pg.execute("CREATE TABLE corpus (id bigint PRIMARY KEY, s varchar(50), u text, d numeric, d18 numeric(18,0),"
                + " bi bigint, f double precision, r real, ts timestamp(6), tz timestamptz, dt date, b boolean, bin bytea, c char(6))");
        maria.execute("CREATE TABLE corpus (id bigint PRIMARY KEY, s varchar(50), u text, d decimal(30,10), d18 decimal(18,0),"
                + " bi bigint, f double, r float, ts datetime(6), tz timestamp(6) NULL, dt date, b boolean, bin varbinary(20),"
                + " c char(6))"
                + " CHARACTER SET utf8mb4");
        h2.execute("CREATE TABLE corpus (id bigint PRIMARY KEY, s varchar(50), u varchar(200), d numeric(30,10), d18 numeric(18,0),"
                + " bi bigint, f double precision, r real, ts timestamp(6), tz timestamp(6) with time zone, dt date, b boolean,"
                + " bin varbinary(20), c char(6))");
        for (String[] r : ROWS) {
            pg.execute(insert(r, TestDatabase.Engine.POSTGRES));
            maria.execute(insert(r, TestDatabase.Engine.MARIADB));
            h2.execute(insert(r, TestDatabase.Engine.H2));
        }
    }

    private static String insert(String[] r, TestDatabase.Engine engine) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            String x = r[i];
            if (x == null) {
                v.add("NULL");
                continue;
            }
            switch (i) {
                case 2 -> v.add(engine == TestDatabase.Engine.POSTGRES ? "E" + x : engine == TestDatabase.Engine.H2 ? x.replace("\\t", "\t") : x);
                case 9 -> v.add(switch (engine) {
                    case POSTGRES -> x.substring(0, x.length() - 1) + "+00'";
                    case MARIADB -> x;
                    case H2 -> "TIMESTAMP WITH TIME ZONE " + x.substring(0, x.length() - 1) + "+00:00'";
                });
                case 12 -> v.add(engine == TestDatabase.Engine.POSTGRES ? "decode(" + x + ", 'hex')"
                        : engine == TestDatabase.Engine.MARIADB ? "UNHEX(" + x + ")" : "X" + x);
                default -> v.add(x);
            }
        }
        return "INSERT INTO corpus VALUES (" + String.join(", ", v) + ")";
    }

    @AfterAll
    void drop() throws Exception {
        for (TestDatabase db : new TestDatabase[]{pg, maria, h2}) {
            if (db != null) {
                db.close();
            }
        }
    }

    private static Map<String, ChunkChecksum> checksums(TestDatabase source, TestDatabase target, boolean generic,
                                                        int chunkSize, boolean sourceSide) throws Exception {
        Map<String, ChunkChecksum> out = new TreeMap<>();
        ReconciliationRequest request = ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table("corpus").chunkSize(chunkSize).recheckDelay(Duration.ZERO).generic(generic).build();
        ReconciliationReport report = new Reconciler(new ReconciliationListener() {
            @Override
            public void chunkChecked(ChunkResult r) {
                out.put(r.chunk().label(), sourceSide ? r.source() : r.target());
            }
        }).run(request);
        assertThat(report.tables().get(0).differences()).as("differences").isEmpty();
        assertThat(report.matched()).as("report matched: %s", report).isTrue();
        return out;
    }

    @Test
    void equalDataGivesEqualChecksumsOnPostgresMariaDbH2AndTheGenericPath() throws Exception {
        // Given the same awkward values in three engines, each in its own types
        // When each pair is reconciled pushed down, and again on the generic path
        Map<String, ChunkChecksum> pgPushed = checksums(pg, maria, false, 2, true);
        Map<String, ChunkChecksum> mariaPushed = checksums(pg, maria, false, 2, false);
        Map<String, ChunkChecksum> pgGeneric = checksums(pg, maria, true, 2, true);
        Map<String, ChunkChecksum> mariaGeneric = checksums(pg, maria, true, 2, false);
        Map<String, ChunkChecksum> h2Pushed = checksums(h2, pg, false, 2, true);
        Map<String, ChunkChecksum> h2Generic = checksums(h2, pg, true, 2, true);

        // Then every engine and path gives the same chunk checksums
        assertThat(pgPushed).hasSize(4);
        assertThat(mariaPushed).isEqualTo(pgPushed);
        assertThat(pgGeneric).isEqualTo(pgPushed);
        assertThat(mariaGeneric).isEqualTo(pgPushed);
        assertThat(h2Pushed).isEqualTo(pgPushed);
        assertThat(h2Generic).isEqualTo(pgPushed);
    }

    @Test
    void subtleDifferencesAreRowDiffs() throws Exception {
        // Given the corpus copied to a second MariaDB database with NULL turned into '', a trailing space added,
        // 0.71 turned into 0.7101 and one microsecond added to a timestamp
        try (TestDatabase other = TestDatabase.mariadb()) {
            other.execute("CREATE TABLE corpus AS SELECT * FROM " + maria.name() + ".corpus",
                    "ALTER TABLE corpus ADD PRIMARY KEY (id)",
                    "UPDATE corpus SET s = '' WHERE id = 1",
                    "UPDATE corpus SET s = 'a ' WHERE id = 6",
                    "UPDATE corpus SET d = 0.7101 WHERE id = 3",
                    "UPDATE corpus SET ts = '1999-12-31 23:59:59.000002' WHERE id = 4");

            // When PostgreSQL is reconciled against it
            ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(pg.endpoint(), other.endpoint())
                    .table("corpus").recheckDelay(Duration.ZERO).build());

            // Then exactly those four keys are row differences
            assertThat(report.matched()).isFalse();
            assertThat(report.differences()).extracting(d -> d.key().get("id") + ":" + d.type().label())
                    .containsExactlyInAnyOrder("1:row_diff", "6:row_diff", "3:row_diff", "4:row_diff");
        }
    }
}
