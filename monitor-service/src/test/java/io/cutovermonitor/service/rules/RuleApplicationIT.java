package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.Testbed;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules applied in the service's own transactions, on its PostgreSQL ledger. */
class RuleApplicationIT {

    @Test
    void aRoundThatFailsHalfwayReleasesTheMigrationForTheWallClockTicks() throws Exception {
        try (Testbed testbed = Testbed.start("rule_application_it");
             ConfigurableApplicationContext service = testbed.startService()) {
            RuleApplication rules = service.getBean(RuleApplication.class);
            MigrationBook book = service.getBean(MigrationBook.class);
            TransactionTemplate transactions = service.getBean(TransactionTemplate.class);
            Instant now = Instant.now();
            TelemetryEvent sync = new TelemetryEvent("s-1", "/sync", now, new SyncEvent("round-it", "oms",
                    SyncEvent.SyncMode.INCREMENTAL, 10L, null, null, SyncEvent.SyncState.RUNNING), "h1");

            // Given a round that takes the migration's lock with its first event and fails on its second
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> rules.apply(Arrays.asList(
                    new RuleApplication.Applied(sync, now, 0), null)))).isInstanceOf(NullPointerException.class);

            // When the wall-clock tick, on another thread, takes the migration's lock
            boolean taken = CompletableFuture.supplyAsync(() -> {
                var lock = book.lockFor("round-it");
                try {
                    if (!lock.tryLock(5, TimeUnit.SECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    return false;
                }
                lock.unlock();
                return true;
            }).get(10, TimeUnit.SECONDS);

            // Then it gets it: the rolled-back round let go of it
            assertThat(taken).isTrue();
        }
    }
}
