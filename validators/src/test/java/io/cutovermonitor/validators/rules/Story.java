package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.Chunk;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent.Side;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration told event by event, for the rule tests: every event goes through the engine and the alert
 * transitions are kept. Times are offsets from the cutover's usual start, {@code T0} (Saturday 22:00).
 */
final class Story {

    static final Instant T0 = Instant.parse("2026-01-10T22:00:00Z");

    final String migrationId;
    final MigrationPlan plan;
    MigrationState state;
    final List<AlertTransition> alerts = new ArrayList<>();
    private boolean live;
    private final List<LateEvents.Arrival> arrived = new ArrayList<>();
    private int seq;

    Story() {
        this("m-1", MigrationPlan.defaults());
    }

    Story(String migrationId, MigrationPlan plan) {
        this.migrationId = migrationId;
        this.plan = plan;
        this.state = MigrationState.initial(migrationId);
    }

    static Instant at(String offset) {
        return T0.plus(Duration.parse(offset.startsWith("-") ? "-PT" + offset.substring(1) : "PT" + offset));
    }

    /** From now on events arrive as they happen (the migration is live); otherwise long after (a replay). */
    /** The events as they arrived so far: what the ledger would hold. */
    List<LateEvents.Arrival> arrivals() {
        return List.copyOf(arrived);
    }

    Story live() {
        live = true;
        return this;
    }

    Story phase(String t, Phase phase, PhaseStatus status) {
        return phase(t, phase, status, null, null);
    }

    Story phase(String t, Phase phase, PhaseStatus status, String name, String window) {
        return apply(t, new PhaseEvent(migrationId, phase, name, status, window == null ? null : Duration.parse(window)));
    }

    Story cutoverStarted(String t) {
        return phase(t, Phase.CUTOVER, PhaseStatus.STARTED);
    }

    Story finalSync(String t) {
        return sync(t, "oms-oracle", SyncEvent.SyncMode.FINAL, 1000, 1000L, SyncEvent.SyncState.COMPLETED);
    }

    Story sync(String t, String scope, SyncEvent.SyncMode mode, long synced, Long total, SyncEvent.SyncState state) {
        return apply(t, new SyncEvent(migrationId, scope, mode, synced, total, null, state));
    }

    /** Both sides in one event. */
    Story reconciled(String t, String run, String table, String chunk, long source, long target) {
        return apply(t, new ReconciliationEvent(migrationId, run, table, chunk(chunk), new Side(source, null),
                new Side(target, null), null));
    }

    Story sourceSide(String t, String run, String table, String chunk, long rows, String checksum) {
        return apply(t, new ReconciliationEvent(migrationId, run, table, chunk(chunk), new Side(rows, checksum),
                null, null));
    }

    Story targetSide(String t, String run, String table, String chunk, long rows, String checksum) {
        return apply(t, new ReconciliationEvent(migrationId, run, table, chunk(chunk), null, new Side(rows, checksum),
                null));
    }

    Story throughput(String intervalEnd, long records) {
        Instant end = at(intervalEnd);
        return apply(intervalEnd, new ThroughputEvent(migrationId, "batch", records, end.minus(Duration.ofMinutes(10)),
                end));
    }

    Story job(String t, String job, JobEvent.JobState state) {
        return apply(t, new JobEvent(migrationId, job, "run-" + seq, state, null, null));
    }

    Story check(String t, String check, CheckKind kind, boolean passed) {
        return apply(t, new CheckEvent(migrationId, check, kind, passed, null, passed ? null : "HTTP 500"));
    }

    Story go(String t, String rule) {
        return apply(t, new DecisionEvent(migrationId, DecisionEvent.Decision.GO, "Lead", "reason", rule, null));
    }

    /** A wall-clock tick at T0 + offset. */
    Story tick(String t) {
        Outcome outcome = LateEvents.tick(state, plan, at(t));
        state = outcome.state();
        alerts.addAll(outcome.transitions());
        return this;
    }

    Story apply(String t, EventData data) {
        Instant time = at(t);
        TelemetryEvent event = new TelemetryEvent(migrationId + "-e" + (++seq), "/test", time, data, "h" + seq);
        LateEvents.Arrival arrival = new LateEvents.Arrival(event, live ? time : time.plus(Duration.ofDays(400)));
        // the whole story so far is the history a late event is judged against
        Outcome outcome = LateEvents.apply(state, plan, arrival,
                from -> new LateEvents.Rewind(MigrationState.initial(migrationId), arrived));
        arrived.add(arrival);
        state = outcome.state();
        alerts.addAll(outcome.transitions());
        return this;
    }

    /** The id of the n-th event told (1-based). */
    String eventId(int n) {
        return migrationId + "-e" + n;
    }

    List<AlertTransition> of(Rule rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule.id())).toList();
    }

    List<AlertTransition> firings(Rule rule) {
        return of(rule).stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }

    private static Chunk chunk(String chunk) {
        if (chunk == null) {
            return null;
        }
        int dots = chunk.indexOf("..");
        return dots < 0 ? Chunk.ofId(chunk) : Chunk.ofRange(chunk.substring(0, dots), chunk.substring(dots + 2));
    }
}
