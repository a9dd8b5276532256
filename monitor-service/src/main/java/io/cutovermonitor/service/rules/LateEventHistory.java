package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.ledger.EventLedger.Identity;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.LateEvents.Rewind;
import io.cutovermonitor.validators.rules.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The past a late event is judged against: recent committed states of each migration (checkpoints), and the events
 * applied after one of them, read back from the ledger. A checkpoint is a state together with the last event applied
 * to it; it serves every late event stamped at or after its clock. Recent checkpoints are kept dense and older ones
 * sparse (each kept one at least twice as old as the previous), back to the plan's maxLateness, so a slightly late
 * event re-runs a few events and an hour-late one a bounded stretch. With no checkpoint old enough (after a restart
 * or a rebalance) the migration's whole history is read: slow for a large migration, but never wrong.
 */
@Component
class LateEventHistory {

    private record Checkpoint(MigrationState state, Identity last) {

        Instant clock() {
            return state.clock().eventTime();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LateEventHistory.class);
    private static final Duration DENSEST = Duration.ofSeconds(1);

    private final EventLedger ledger;
    /** Per migration, oldest first. Guarded by the migration's lock, like its state. */
    private final Map<String, List<Checkpoint>> checkpoints = new ConcurrentHashMap<>();

    LateEventHistory(EventLedger ledger) {
        this.ledger = ledger;
    }

    /** A committed state, after {@code last} was applied to it. */
    void committed(MigrationState state, TelemetryEvent last, Duration maxLateness) {
        if (state.clock().eventTime() == null) {
            return;
        }
        List<Checkpoint> kept = checkpoints.computeIfAbsent(state.migrationId(), id -> new ArrayList<>());
        kept.add(new Checkpoint(state, Identity.of(last)));
        thin(kept, maxLateness);
    }

    /** From the newest back: each kept checkpoint twice as far from the previous one as the one before; the first
     * one beyond maxLateness is the last kept. */
    private static void thin(List<Checkpoint> kept, Duration maxLateness) {
        Instant newest = kept.get(kept.size() - 1).clock();
        Instant reach = newest.minus(maxLateness);
        List<Checkpoint> thinned = new ArrayList<>();
        Instant previous = newest;
        Duration gap = Duration.ZERO;
        for (int i = kept.size() - 1; i >= 0; i--) {
            Checkpoint c = kept.get(i);
            if (i == kept.size() - 1 || !c.clock().isAfter(previous.minus(gap))) {
                thinned.add(0, c);
                previous = c.clock();
                gap = gap.isZero() ? DENSEST : gap.multipliedBy(2);
                if (c.clock().isBefore(reach)) {
                    break;
                }
            }
        }
        kept.clear();
        kept.addAll(thinned);
    }

    /**
     * The newest checkpoint at or before {@code time} and the events applied after it up to {@code late}; the
     * checkpoints after {@code time} are dropped, as the late event is not in them.
     */
    Rewind rewind(String migrationId, Instant time, TelemetryEvent late) {
        long started = System.nanoTime();
        List<Checkpoint> kept = checkpoints.computeIfAbsent(migrationId, id -> new ArrayList<>());
        kept.removeIf(c -> c.clock().isAfter(time));
        Checkpoint base = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        List<Arrival> since = ledger.eventsBetween(migrationId, base == null ? null : base.last(), Identity.of(late))
                .stream().map(stored -> new Arrival(stored.event(), stored.receivedAt())).toList();
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (base == null || ms > 1000) {
            log.info("late event {} of {} stamped {}: re-judged from {} over {} event(s) read in {} ms", late.id(),
                    migrationId, late.time(), base == null ? "its first event" : base.clock(), since.size(), ms);
        }
        return new Rewind(base == null ? MigrationState.initial(migrationId) : base.state(), since);
    }

    /** Another instance may apply events to these migrations now: what is kept here may no longer be their past. */
    void forgetAll() {
        checkpoints.clear();
    }
}
