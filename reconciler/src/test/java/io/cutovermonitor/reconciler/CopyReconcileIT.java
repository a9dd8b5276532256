package io.cutovermonitor.reconciler;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table generated in PostgreSQL, copied to MariaDB over JDBC, reconciled. Size: system property
 * {@code reconciler.it.rows} (1,000,000 by default: about 25 s to copy here; 100,000 with the Maven profile {@code quick}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CopyReconcileIT {

    private static final long ROWS = Long.getLong("reconciler.it.rows", 1_000_000);

    private TestDatabase pg;
    private TestDatabase maria;

    @BeforeAll
    void copyTable() throws Exception {
        pg = TestDatabase.postgres();
        maria = TestDatabase.mariadb();
        long t0 = System.nanoTime();
        Tables.generateOrders(pg, ROWS);
        maria.execute(Tables.MARIADB_ORDERS);
        long copied = Tables.copy(pg, maria, "orders");
        System.out.printf("CopyReconcileIT: generated and copied %,d rows PostgreSQL -> MariaDB in %.1f s%n", copied,
                (System.nanoTime() - t0) / 1e9);
        assertThat(copied).isEqualTo(ROWS);
    }

    @AfterAll
    void drop() throws Exception {
        if (pg != null) {
            pg.close();
        }
        if (maria != null) {
            maria.close();
        }
    }

    private ReconciliationReport reconcile(boolean generic) throws Exception {
        long t0 = System.nanoTime();
        ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(pg.endpoint(), maria.endpoint())
                .table("orders").chunkSize(10_000).recheckDelay(Duration.ofMillis(200)).generic(generic).build());
        System.out.printf("CopyReconcileIT: reconciled %,d rows (%s) in %.1f s%n", ROWS, generic ? "generic" : "push-down",
                (System.nanoTime() - t0) / 1e9);
        return report;
    }

    @Test
    @Order(1)
    void theCopyIsReconciledAsEqual() throws Exception {
        // Given the copied table (setup)
        // When it is reconciled
        ReconciliationReport report = reconcile(false);

        // Then every chunk matches and all rows are counted on both sides
        TableReport table = report.tables().get(0);
        assertThat(table.error()).isNull();
        assertThat(table.mode()).isEqualTo("range");
        assertThat(table.sourceRows()).isEqualTo(ROWS);
        assertThat(table.targetRows()).isEqualTo(ROWS);
        assertThat(table.chunks()).isEqualTo((ROWS + 10_000) / 10_000);
        assertThat(report.matched()).isTrue();
    }

    @Test
    @Order(2)
    void oneChangedOneDeletedAndOneInsertedRowAreExactlyTheKeysReported() throws Exception {
        // Given on the target: one row changed, one deleted, one inserted
        long changed = ROWS / 3;
        long deleted = ROWS / 2 + 17;
        long inserted = ROWS + 5;
        maria.execute("UPDATE orders SET status = 'CHANGED' WHERE id = " + changed,
                "DELETE FROM orders WHERE id = " + deleted,
                "INSERT INTO orders (id, customer, amount) VALUES (" + inserted + ", 'late', 1.50)");

        // When reconciled, pushed down and on the generic path
        for (boolean generic : new boolean[]{false, true}) {
            ReconciliationReport report = reconcile(generic);

            // Then exactly those three keys are reported, typed
            assertThat(report.matched()).isFalse();
            assertThat(report.differences())
                    .extracting(d -> d.key().get("id") + " " + d.type().label())
                    .containsExactlyInAnyOrder(changed + " row_diff", deleted + " missing_target",
                            inserted + " missing_source");
            assertThat(report.tables().get(0).mismatchedChunks()).hasSize(3)
                    .allSatisfy(c -> assertThat(c.rechecked()).isTrue());
        }
    }
}
