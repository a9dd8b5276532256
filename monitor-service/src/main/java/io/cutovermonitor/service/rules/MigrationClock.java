package io.cutovermonitor.service.rules;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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
    private final Clock clock;

    MigrationClock(MigrationBook book, RuleApplication rules, Clock clock) {
        this.book = book;
        this.rules = rules;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${monitor.plans.tick:5s}")
    void tick() {
        Instant now = clock.instant();
        for (String migrationId : book.owned().keySet()) {
            rules.tick(migrationId, now);
        }
    }
}
