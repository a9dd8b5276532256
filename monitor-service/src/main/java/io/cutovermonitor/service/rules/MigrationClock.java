package io.cutovermonitor.service.rules;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * The wall clock of the rules: overrun, rollback deadlines and staleness must fire when tools go silent. The
 * engine acts on a tick only while a migration is live, so replays and backfills are judged on event time alone.
 */
@Component
class MigrationClock {

    private final MigrationBook book;
    private final RuleApplication rules;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MigrationClock(MigrationBook book, RuleApplication rules, TransactionTemplate transactions, Clock clock) {
        this.book = book;
        this.rules = rules;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${monitor.plans.tick:5s}")
    void tick() {
        Instant now = clock.instant();
        for (String migrationId : book.owned().keySet()) {
            transactions.executeWithoutResult(status -> rules.tick(migrationId, now));
        }
    }
}
