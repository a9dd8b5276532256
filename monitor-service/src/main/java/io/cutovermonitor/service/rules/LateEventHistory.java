package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.ledger.EventLedger.Identity;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.rules.LateEvents;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.RecentPast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The past a late event is judged against: each migration's {@link RecentPast} (recent committed states), and the
 * events applied after one of them, read back from the ledger. With no checkpoint (after a restart or a rebalance)
 * the migration's whole history is read: slow for a large migration, but never wrong.
 */
@Component
class LateEventHistory {

    private static final Logger log = LoggerFactory.getLogger(LateEventHistory.class);

    private final EventLedger ledger;
    /** Guarded by the migration's lock, like its state. */
    private final Map<String, RecentPast> pasts = new ConcurrentHashMap<>();

    LateEventHistory(EventLedger ledger) {
        this.ledger = ledger;
    }

    /** A committed state, after {@code last} was applied to it. */
    void committed(MigrationState state, TelemetryEvent last, Duration maxLateness) {
        pastOf(state.migrationId()).committed(state, last, maxLateness);
    }

    /** {@code event} was applied and gave {@code state}, in a transaction not committed yet. */
    void applied(MigrationState state, TelemetryEvent event) {
        pastOf(state.migrationId()).applied(state, event);
    }

    /** The transaction that applied events to the migration rolled back. */
    void rolledBack(String migrationId) {
        RecentPast past = pasts.get(migrationId);
        if (past != null) {
            past.rolledBack();
        }
    }

    /** The past {@code late} is re-judged against. */
    LateEvents.History forLate(String migrationId, TelemetryEvent late) {
        RecentPast past = pastOf(migrationId);
        boolean fromTheFirstEvent = past.isEmpty();
        return past.forLate(late, (after, upTo) -> {
            long started = System.nanoTime();
            List<Arrival> since = ledger.eventsBetween(migrationId, after == null ? null : Identity.of(after),
                    Identity.of(upTo)).stream().map(LateEventHistory::arrival).toList();
            long ms = (System.nanoTime() - started) / 1_000_000;
            boolean slow = fromTheFirstEvent || ms > 1000;
            if (slow || log.isDebugEnabled()) {
                log.atLevel(slow ? Level.INFO : Level.DEBUG).log("late event {} of {} stamped {}: re-judged from {} "
                        + "over {} event(s) read in {} ms", late.id(), migrationId, late.time(),
                        after == null ? "its first event" : after.id(), since.size(), ms);
            }
            return since;
        });
    }

    /** The migration's events stored before {@code event}, in the order they were applied, with when they came. */
    List<Arrival> arrivalsBefore(TelemetryEvent event) {
        return ledger.eventsBetween(event.migrationId(), null, Identity.of(event)).stream()
                .map(LateEventHistory::arrival).toList();
    }

    private static Arrival arrival(EventLedger.Stored stored) {
        return new Arrival(stored.event(), stored.receivedAt());
    }

    /** An archived migration has no past to re-judge from here: its late events are refused. */
    void forget(String migrationId) {
        pasts.remove(migrationId);
    }

    private RecentPast pastOf(String migrationId) {
        return pasts.computeIfAbsent(migrationId, RecentPast::new);
    }

    /** Another instance may apply events to these migrations now: what is kept here may no longer be their past. */
    void forgetAll() {
        pasts.clear();
    }
}
