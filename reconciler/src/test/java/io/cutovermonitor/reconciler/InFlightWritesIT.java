package io.cutovermonitor.reconciler;

import io.cutovermonitor.validators.event.Chunk;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-check: rows still in flight when a chunk is first compared are not a discrepancy; rows that never come are. */
class InFlightWritesIT {

    private static final int ROWS = 20_000;

    @Test
    void writesThatArriveBeforeTheRecheckAreNotReported() throws Exception {
        try (TestDatabase pg = TestDatabase.postgres(); TestDatabase maria = TestDatabase.mariadb()) {
            // Given the target lacks 3 rows and has a stale version of a fourth: replication still in flight
            Tables.generateOrders(pg, ROWS);
            maria.execute(Tables.MARIADB_ORDERS);
            Tables.copy(pg, maria, "orders");
            maria.execute("DELETE FROM orders WHERE id IN (5, 12000, 19999)", "UPDATE orders SET status = 'OLD' WHERE id = 7000");
            // and the replication catches up as soon as the reconciler has seen the difference, before the re-check
            CountDownLatch seen = new CountDownLatch(1);
            List<Chunk> scheduled = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> replication = CompletableFuture.runAsync(() -> {
                try {
                    assertThat(seen.await(60, TimeUnit.SECONDS)).isTrue();
                    maria.execute("DELETE FROM orders WHERE id IN (5, 12000, 19999, 7000)");
                    try (var src = pg.connect(); var dst = maria.connect(); var rs = src.createStatement()
                            .executeQuery("SELECT * FROM orders WHERE id IN (5, 12000, 19999, 7000)");
                         var ins = dst.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        while (rs.next()) {
                            for (int i = 1; i <= 8; i++) {
                                Object v = i == 6 ? rs.getObject(i, java.time.OffsetDateTime.class)
                                        .withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime() : rs.getObject(i);
                                ins.setObject(i, v);
                            }
                            ins.executeUpdate();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // When reconciled with a 3 s re-check delay
            ReconciliationReport report = new Reconciler(new ReconciliationListener() {
                @Override
                public void recheckScheduled(String table, Chunk chunk, Duration delay) {
                    scheduled.add(chunk);
                    seen.countDown();
                }
            }).run(ReconciliationRequest.builder(pg.endpoint(), maria.endpoint()).table("orders").chunkSize(1_000)
                    .recheckDelay(Duration.ofSeconds(3)).build());
            replication.get(60, TimeUnit.SECONDS);

            // Then the chunks were seen different, re-checked, and nothing is reported
            assertThat(scheduled).extracting(Chunk::label).containsExactly("0..1000", "7000..8000", "12000..13000", "19000..20000");
            assertThat(report.differences()).isEmpty();
            assertThat(report.matched()).isTrue();
        }
    }

    @Test
    void writesThatNeverArriveAreReported() throws Exception {
        try (TestDatabase pg = TestDatabase.postgres(); TestDatabase maria = TestDatabase.mariadb()) {
            // Given the target lacks 2 rows for good
            Tables.generateOrders(pg, ROWS);
            maria.execute(Tables.MARIADB_ORDERS);
            Tables.copy(pg, maria, "orders");
            maria.execute("DELETE FROM orders WHERE id IN (5, 12000)");

            // When reconciled with a re-check after 1 s
            long t0 = System.nanoTime();
            ReconciliationReport report = Reconciler.reconcile(ReconciliationRequest.builder(pg.endpoint(), maria.endpoint())
                    .table("orders").chunkSize(1_000).recheckDelay(Duration.ofSeconds(1)).build());

            // Then after waiting for the re-check, both keys are reported missing on the target
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            assertThat(report.differences()).extracting(d -> d.key().get("id") + " " + d.type().label())
                    .containsExactlyInAnyOrder("5 missing_target", "12000 missing_target");
            assertThat(report.tables().get(0).mismatchedChunks()).extracting(c -> c.chunk().label() + " " + c.rechecked())
                    .containsExactly("0..1000 true", "12000..13000 true");
        }
    }
}
