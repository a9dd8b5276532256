package io.cutovermonitor.reconciler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every identifier the reconciler puts into SQL comes from the database's metadata and is quoted for its dialect:
 * a table and columns whose names hold a quote, a backtick, spaces and a semicolon, in PostgreSQL and MariaDB, are
 * reconciled like any other, and the {@code DROP TABLE} written into the name never runs.
 */
class QuotedIdentifiersIT {

    /** As a person would type it in the reconciler's --table option. */
    private static final String TABLE = "ord`er \"lines\"; DROP TABLE canary; --";
    private static final String KEY = "row id";

    private TestDatabase pg;
    private TestDatabase maria;

    @BeforeEach
    void createTheTableOnBothSides() throws Exception {
        pg = TestDatabase.postgres();
        maria = TestDatabase.mariadb();
        // the names written out by hand in each dialect's quoting, not by the code under test
        pg.execute("CREATE TABLE canary (id int)",
                "CREATE TABLE \"ord`er \"\"lines\"\"; DROP TABLE canary; --\" (\"row id\" bigint PRIMARY KEY,"
                        + " \"note\"\"; DROP TABLE canary; --\" varchar(40), amount numeric(10,2))",
                "INSERT INTO \"ord`er \"\"lines\"\"; DROP TABLE canary; --\" VALUES (1, 'a', 1.50), (2, 'b;''--', 2.00),"
                        + " (3, NULL, 3.25), (4, 'd', NULL), (5, 'e', 5.00)");
        maria.execute("CREATE TABLE canary (id int)",
                "CREATE TABLE `ord``er \"lines\"; DROP TABLE canary; --` (`row id` bigint PRIMARY KEY,"
                        + " `note\"; DROP TABLE canary; --` varchar(40), amount decimal(10,2)) CHARACTER SET utf8mb4",
                "INSERT INTO `ord``er \"lines\"; DROP TABLE canary; --` VALUES (1, 'a', 1.50), (2, 'b;''--', 2.00),"
                        + " (3, NULL, 3.25), (4, 'd', NULL), (5, 'e', 5.00)");
    }

    @AfterEach
    void drop() throws Exception {
        pg.close();
        maria.close();
    }

    @ParameterizedTest(name = "generic = {0}")
    @ValueSource(booleans = {false, true})
    void oddNamesAreQuotedFromTheMetadataAndReconciledLikeAnyOther(boolean generic) throws Exception {
        // Given equal rows on both sides
        // When the table is reconciled in small chunks (range and key predicates on the odd key column)
        ReconciliationReport equal = reconcile(generic);

        // Then it matches
        assertThat(equal.tables()).singleElement().satisfies(t -> assertThat(t.error()).isNull());
        assertThat(equal.matched()).as("report: %s", equal).isTrue();

        // And Given one note changed on the target
        maria.execute("UPDATE `ord``er \"lines\"; DROP TABLE canary; --` SET `note\"; DROP TABLE canary; --` = 'changed'"
                + " WHERE `row id` = 4");

        // When reconciled again, Then exactly that row differs
        ReconciliationReport changed = reconcile(generic);
        assertThat(changed.matched()).isFalse();
        assertThat(changed.differences()).extracting(d -> d.key().get(KEY) + ":" + d.type().label())
                .containsExactly("4:row_diff");

        // And the statement in the names never ran
        assertThat(canaryExists(pg)).as("PostgreSQL canary").isTrue();
        assertThat(canaryExists(maria)).as("MariaDB canary").isTrue();
    }

    private ReconciliationReport reconcile(boolean generic) throws Exception {
        return Reconciler.reconcile(ReconciliationRequest.builder(pg.endpoint(), maria.endpoint())
                .table(TABLE).chunkSize(2).recheckDelay(Duration.ZERO).generic(generic).build());
    }

    private static boolean canaryExists(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getTables(
                db.engine() == TestDatabase.Engine.MARIADB ? db.name() : null,
                db.engine() == TestDatabase.Engine.POSTGRES ? db.name() : null, "canary", null)) {
            return rs.next();
        }
    }
}
