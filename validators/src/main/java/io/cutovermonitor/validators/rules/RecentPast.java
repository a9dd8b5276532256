package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.LateEvents.Passed;
import io.cutovermonitor.validators.rules.LateEvents.Rewind;
import io.cutovermonitor.validators.rules.MigrationState.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The past of one migration that its late events are re-judged from: recent states (checkpoints), each with the
 * last event that had arrived when it was taken, and the events that arrived after it, read back from where the
 * events are stored. A checkpoint serves every late event stamped at or after its clock. Recent checkpoints are kept
 * dense and older ones sparse (the newest of each age band, each band twice as wide as the one before), back to the
 * plan's maxLateness, so an event late by a moment re-runs a few events and an hour-late one a bounded stretch.
 * <p>
 * A late event invalidates the checkpoints after its time (they do not hold it), so its re-judgement leaves new ones
 * in their place: the time-ordered states it passes, with the late event in them. Without those, every event of a
 * source whose clock runs behind would re-run from the last checkpoint before the first of them, further back with
 * each one, until the monitor falls behind. Not thread-safe: guarded by the migration's lock, like its state.
 */
public final class RecentPast {

    /**
     * The narrowest age band: the newest checkpoint and the next one kept are at least this far apart, and a round
     * offers one per this much event time. Two tools stamping the same moment race to the broker, so an event a few
     * milliseconds late is common and must re-run a few events, not a round's worth.
     */
    static final Duration DENSEST = Duration.ofMillis(10);

    /** Where the migration's events are stored, in the order they arrived. */
    @FunctionalInterface
    public interface Ledger {

        /**
         * The events that arrived after {@code after} (from the first if null) and before {@code late}, in the order
         * they arrived.
         */
        List<Arrival> between(TelemetryEvent after, TelemetryEvent late);
    }

    /**
     * A state, the last event that had arrived when it was taken (null: none yet), and the events in it that arrived
     * after that one (the late event it was re-judged for, and others the time order took in before their turn).
     */
    private record Checkpoint(MigrationState state, TelemetryEvent last, Set<String> alsoApplied, boolean lateOne) {

        Instant clock() {
            return state.clock().eventTime();
        }
    }

    private final String migrationId;
    /** Oldest first; the committed ones, then those of a round not committed yet. */
    private final List<Checkpoint> kept = new ArrayList<>();
    private final List<Checkpoint> uncommitted = new ArrayList<>();
    /** The newest committed checkpoint's clock. */
    private Instant newest;

    public RecentPast(String migrationId) {
        this.migrationId = migrationId;
    }

    /**
     * What applied the events up to {@code last} to {@code state} committed: it and the checkpoints its late events
     * left are the past now.
     */
    public void committed(MigrationState state, TelemetryEvent last, Duration maxLateness) {
        kept.addAll(uncommitted);
        uncommitted.clear();
        if (state.clock().eventTime() == null) {
            return;
        }
        kept.add(new Checkpoint(state, last, Set.of(), false));
        thin(maxLateness);
    }

    /**
     * {@code event} was applied (in arrival order) and gave {@code state}: a checkpoint once what applied it commits,
     * if it is {@link #DENSEST} after the one before.
     */
    public void applied(MigrationState state, TelemetryEvent event) {
        Instant clock = state.clock().eventTime();
        Checkpoint previous = newestCheckpoint();
        if (clock != null && (previous == null || !clock.isBefore(previous.clock().plus(DENSEST)))) {
            uncommitted.add(new Checkpoint(state, event, Set.of(), false));
        }
    }

    /** What applied the round's events rolled back: the checkpoints its events left are not the past. */
    public void rolledBack() {
        uncommitted.clear();
    }

    /** The past {@code late} is re-judged against, read from {@code ledger} when it is asked for. */
    public LateEvents.History forLate(TelemetryEvent late, Ledger ledger) {
        return new LateEvents.History() {

            private Checkpoint base;
            /** The events read since the base, by identity: where each arrived among them. */
            private final Map<String, Integer> arrivalIndex = new HashMap<>();
            /** Whether the late event's own state was passed yet. */
            private boolean first = true;

            @Override
            public Rewind rewindTo(Instant time) {
                kept.removeIf(c -> c.clock().isAfter(time));
                uncommitted.removeIf(c -> c.clock().isAfter(time));
                base = newestCheckpoint();
                List<Arrival> read = ledger.between(base == null ? null : base.last(), late);
                List<Arrival> since = new ArrayList<>(read.size());
                for (Arrival a : read) {
                    String identity = Clock.identity(a.event());
                    arrivalIndex.put(identity, arrivalIndex.size());
                    if (base == null || !base.alsoApplied().contains(identity)) {
                        since.add(a);
                    }
                }
                return new Rewind(base == null ? MigrationState.initial(migrationId) : base.state(), since);
            }

            @Override
            public void passed(Passed passed) {
                Instant clock = passed.state().clock().eventTime();
                Checkpoint previous = uncommitted.isEmpty() ? null : uncommitted.get(uncommitted.size() - 1);
                if (!first && previous != null && clock.isBefore(previous.clock().plus(spacing(clock)))) {
                    return;
                }
                TelemetryEvent last = passed.lastArrived() == null ? base == null ? null : base.last()
                        : passed.lastArrived();
                int lastIndex = passed.lastArrived() == null ? -1
                        : arrivalIndex.get(Clock.identity(passed.lastArrived()));
                Set<String> alsoApplied = new HashSet<>(passed.alsoApplied());
                if (base != null) {
                    // the base's own early ones still count where they arrived after the new last one
                    base.alsoApplied().stream().filter(id -> arrivalIndex.getOrDefault(id, -1) > lastIndex)
                            .forEach(alsoApplied::add);
                }
                uncommitted.add(new Checkpoint(passed.state(), last, Set.copyOf(alsoApplied), first));
                first = false;
            }

            /** The states passed are as far apart as the age bands they will fall in: a few, however late. */
            private Duration spacing(Instant clock) {
                Duration age = newest == null ? Duration.ZERO : Duration.between(clock, newest);
                return age.dividedBy(2).compareTo(DENSEST) > 0 ? age.dividedBy(2) : DENSEST;
            }
        };
    }

    /** The newest checkpoint, of the round under way if it left one; null if none is kept. */
    private Checkpoint newestCheckpoint() {
        return !uncommitted.isEmpty() ? uncommitted.get(uncommitted.size() - 1)
                : kept.isEmpty() ? null : kept.get(kept.size() - 1);
    }

    /** Whether no checkpoint is kept: a late event is then re-judged from the migration's first event. */
    public boolean isEmpty() {
        return kept.isEmpty() && uncommitted.isEmpty();
    }

    /**
     * From the newest back, the newest checkpoint of each age band ({@code [DENSEST * 2^(k-1), DENSEST * 2^k)}), the
     * state of the latest late event (a source whose clock runs behind sends the next one a moment after it), and the
     * first one beyond maxLateness; the rest go.
     */
    private void thin(Duration maxLateness) {
        newest = kept.get(kept.size() - 1).clock();
        Instant reach = newest.minus(maxLateness);
        boolean lateOneKept = false;
        int band = -1;
        List<Checkpoint> thinned = new ArrayList<>();
        for (int i = kept.size() - 1; i >= 0; i--) {
            Checkpoint c = kept.get(i);
            long ageInDensest = Duration.between(c.clock(), newest).dividedBy(DENSEST);
            int itsBand = 64 - Long.numberOfLeadingZeros(ageInDensest);
            boolean latestLateOne = c.lateOne() && !lateOneKept;
            if (itsBand > band || latestLateOne) {
                thinned.add(0, c);
                band = Math.max(band, itsBand);
                lateOneKept |= c.lateOne();
                if (c.clock().isBefore(reach)) {
                    break;
                }
            }
        }
        kept.clear();
        kept.addAll(thinned);
    }
}
