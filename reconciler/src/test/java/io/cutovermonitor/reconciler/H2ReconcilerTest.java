package io.cutovermonitor.reconciler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine end to end on in-process H2 (no server): every chunking mode, pushed down and generic. */
class H2ReconcilerTest {

    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void create() throws Exception {
        source = TestDatabase.h2();
        target = TestDatabase.h2();
        for (TestDatabase db : new TestDatabase[]{source, target}) {
            db.execute("CREATE TABLE customers (code varchar(20) PRIMARY KEY, name varchar(50), since date)",
                    "CREATE TABLE lines (order_no varchar(10), line int, qty numeric(10,3), PRIMARY KEY (order_no, line))",
                    "CREATE TABLE audit (who varchar(20), what varchar(50))",
                    "CREATE TABLE items (id bigint PRIMARY KEY, sku varchar(20), price numeric(10,2))",
                    "INSERT INTO customers SELECT 'C' || X, 'name ' || X, DATEADD(DAY, X, DATE '2020-01-01') FROM SYSTEM_RANGE(1, 3000)",
                    "INSERT INTO lines SELECT 'O' || (X / 4), MOD(X, 4), X / 8.0 FROM SYSTEM_RANGE(1, 4000)",
                    "INSERT INTO audit SELECT 'user' || MOD(X, 3), 'did ' || MOD(X, 5) FROM SYSTEM_RANGE(1, 200)",
                    "INSERT INTO items SELECT X * 1000, 'sku' || X, X / 100.0 FROM SYSTEM_RANGE(1, 2000)");
        }
    }

    @AfterEach
    void drop() throws Exception {
        source.close();
        target.close();
    }

    private ReconciliationReport reconcile(boolean generic) throws Exception {
        return Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .chunkSize(500).recheckDelay(Duration.ZERO).generic(generic).build());
    }

    @ParameterizedTest(name = "generic={0}")
    @ValueSource(booleans = {false, true})
    void equalTablesMatchInEveryChunkingMode(boolean generic) throws Exception {
        // Given equal tables with a string key, a composite key, no key, and a sparse integer key
        // When the schema is discovered and reconciled
        ReconciliationReport report = reconcile(generic);

        // Then each table is chunked its way and matches
        assertThat(report.tables()).extracting(t -> t.table() + " " + t.mode() + " " + t.matched())
                .containsExactly("AUDIT multiset true", "CUSTOMERS hash true", "ITEMS range true", "LINES hash true");
        assertThat(report.tables().get(2).chunks()).as("sparse keys: wider chunks").isLessThan(20);
    }

    @ParameterizedTest(name = "generic={0}")
    @ValueSource(booleans = {false, true})
    void differencesAreFoundInEveryChunkingMode(boolean generic) throws Exception {
        // Given one difference of each kind per table
        target.execute("UPDATE customers SET name = 'renamed' WHERE code = 'C77'",
                "DELETE FROM customers WHERE code = 'C2000'",
                "INSERT INTO customers VALUES ('Z1', 'new', NULL)",
                "UPDATE lines SET qty = qty + 1 WHERE order_no = 'O10' AND line = 2",
                "DELETE FROM audit WHERE _ROWID_ = (SELECT MIN(_ROWID_) FROM audit WHERE who = 'user1' AND what = 'did 1')",
                "UPDATE items SET price = NULL WHERE id = 5000");

        // When reconciled
        ReconciliationReport report = reconcile(generic);

        // Then exactly those keys are listed with their types
        assertThat(report.differences()).extracting(d -> d.table() + " " + d.key() + " " + d.type().label())
                .containsExactlyInAnyOrder(
                        "CUSTOMERS {CODE=C77} row_diff", "CUSTOMERS {CODE=C2000} missing_target",
                        "CUSTOMERS {CODE=Z1} missing_source", "LINES {ORDER_NO=O10, LINE=2} row_diff",
                        "AUDIT {WHAT=did 1, WHO=user1} missing_target", "ITEMS {ID=5000} row_diff");
    }

    @Test
    void keysCanBeGivenAndColumnsExcluded() throws Exception {
        // Given a differing column that is excluded, and a key chosen instead of the primary key
        target.execute("UPDATE items SET price = price + 1 WHERE id = 7000");
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table(TableSpec.of("items").withKeys("sku").excluding("price")).recheckDelay(Duration.ZERO).build());

        // Then the table matches, chunked by hash of the string key
        assertThat(report.tables().get(0).mode()).isEqualTo("hash");
        assertThat(report.matched()).isTrue();
    }

    @Test
    void aColumnMissingOnTheTargetIsASchemaDifferenceAndTheOtherColumnsAreStillCompared() throws Exception {
        // Given the target without the price column, and one sku changed
        target.execute("ALTER TABLE items DROP COLUMN price", "UPDATE items SET sku = 'changed' WHERE id = 5000");

        // When the table is reconciled
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table("items").recheckDelay(Duration.ZERO).build());

        // Then the missing column is a difference of the schema, not a failure, and the changed row is still found
        TableReport items = report.tables().get(0);
        assertThat(items.error()).isNull();
        assertThat(items.schemaDifferences()).singleElement().asString().contains("missing on the target").contains("PRICE");
        assertThat(items.differences()).extracting(d -> d.key().get("ID") + ":" + d.type().label())
                .containsExactly("5000:row_diff");
        assertThat(report.matched()).isFalse();
    }

    @Test
    void aColumnOnlyOnTheTargetIsASchemaDifferenceUnlessExcluded() throws Exception {
        // Given the target with a column the source does not have, and equal data otherwise
        target.execute("ALTER TABLE items ADD COLUMN note varchar(20)");

        // When the table is reconciled, and again with the column excluded
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table("items").recheckDelay(Duration.ZERO).build());
        ReconciliationReport excluded = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table(TableSpec.of("items").excluding("note")).recheckDelay(Duration.ZERO).build());

        // Then it is a difference a migration lead sees, and nothing once excluded
        assertThat(report.tables().get(0).schemaDifferences()).singleElement().asString().contains("only on the target")
                .contains("note");
        assertThat(report.matched()).isFalse();
        assertThat(excluded.matched()).isTrue();
    }

    @Test
    void aSchemaMissingOnTheTargetIsReportedAsTheSchemaNotAsEachTable() throws Exception {
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .schemas(null, "NO_SUCH_SCHEMA").table("items").recheckDelay(Duration.ZERO).build());
        assertThat(report.tables().get(0).schemaDifferences()).containsExactly("no schema NO_SUCH_SCHEMA on the target");
        assertThat(report.tables().get(0).error()).isNull();
        assertThat(report.matched()).isFalse();
    }

    @Test
    void differencesAreCappedAtMaxDifferences() throws Exception {
        target.execute("UPDATE items SET sku = 'x' WHERE id <= 500000");
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(source.endpoint(), target.endpoint())
                .table("items").recheckDelay(Duration.ZERO).maxDifferences(10).build());
        assertThat(report.differences()).hasSize(10);
        assertThat(report.tables().get(0).differencesTruncated()).isTrue();
    }
}
