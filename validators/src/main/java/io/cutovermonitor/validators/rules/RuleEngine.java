package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState.CheckStatus;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.Clock;
import io.cutovermonitor.validators.rules.MigrationState.Cutover;
import io.cutovermonitor.validators.rules.MigrationState.IntegrityWindow;
import io.cutovermonitor.validators.rules.MigrationState.JobStatus;
import io.cutovermonitor.validators.rules.MigrationState.Phases;
import io.cutovermonitor.validators.rules.MigrationState.Sample;
import io.cutovermonitor.validators.rules.MigrationState.SyncProgress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the migration plan as a pure function: the same state, plan and event always give the same next
 * state and the same alert transitions.
 * <p>
 * Event time drives every rule: the migration's clock is the newest event time seen, and every event moves it
 * forward (decisions too). The wall clock ({@link #tick}) drives the overrun, the rollback deadlines, the
 * confirmation of mismatches and telemetry staleness only while the migration is live, so a replay, a backfill or
 * a test is judged on event time alone.
 */
public final class RuleEngine {

    private RuleEngine() {
    }

    /**
     * Applies one event.
     *
     * @param arrivedAt when the event reached the monitor (wall clock): decides whether the migration is live
     */
    public static Outcome apply(MigrationState state, MigrationPlan plan, TelemetryEvent event, Instant arrivedAt) {
        if (event.data() instanceof PlanEvent) {
            // a plan change is no telemetry: it re-judges the past under the new plan (PlanChange), moves no clock
            return new Outcome(state, List.of(), List.of(), List.of());
        }
        Instant last = state.clock().eventTime();
        Instant now = last == null || event.time().isAfter(last) ? event.time() : last;
        Step s = new Step(state, plan, now, event.id());
        s.clock = advance(state.clock(), event, arrivedAt);

        // time has moved: what was waiting for this moment is decided first
        IntegrityMismatchPolicy.confirmDue(s);
        CutoverOverrunPolicy.checkClock(s);
        RollbackDeadlinePolicy.checkDue(s);
        TelemetryStalePolicy.eventArrived(s);

        if (event.data() instanceof PhaseEvent e) {
            onPhase(s, e);
        } else if (event.data() instanceof SyncEvent e) {
            onSync(s, e);
        } else if (event.data() instanceof ReconciliationEvent e) {
            onReconciliation(s, e);
        } else if (event.data() instanceof ThroughputEvent e) {
            ThroughputFloorPolicy.record(s, e);
        } else if (event.data() instanceof JobEvent e) {
            onJob(s, e);
        } else if (event.data() instanceof CheckEvent e) {
            onCheck(s, e);
        } else if (event.data() instanceof DecisionEvent e) {
            onDecision(s, e);
        } else if (event.data() instanceof ReconciliationProgressEvent e) {
            onReconciliationProgress(s, e);
        }

        // conditions on the state the event left
        ProjectedOverrunPolicy.evaluate(s);
        ThroughputFloorPolicy.evaluateRate(s);
        return s.outcome();
    }

    /**
     * A wall-clock tick: while the migration is live, the overrun, the rollback deadlines, the confirmation of
     * mismatches and staleness are judged at {@code now}; otherwise nothing happens.
     */
    public static Outcome tick(MigrationState state, MigrationPlan plan, Instant now) {
        if (!isLive(state, plan)) {
            return new Outcome(state, List.of(), List.of(), List.of());
        }
        Step s = new Step(state, plan, now, null);
        IntegrityMismatchPolicy.confirmDue(s);
        CutoverOverrunPolicy.checkClock(s);
        RollbackDeadlinePolicy.checkDue(s);
        TelemetryStalePolicy.checkSilence(s);
        return s.outcome();
    }

    /** Live: the newest event arrived within the plan's liveThreshold (5 min) of its event time. */
    public static boolean isLive(MigrationState state, MigrationPlan plan) {
        Clock c = state.clock();
        return c.newestArrivedAt() != null
                && Duration.between(c.eventTime(), c.newestArrivedAt()).abs()
                .compareTo(plan.telemetry().liveThreshold()) <= 0;
    }

    static Clock advance(Clock c, TelemetryEvent event, Instant arrivedAt) {
        boolean newest = c.eventTime() == null || !event.time().isBefore(c.eventTime());
        Instant lastOfType = c.lastEventByType().get(event.type().ceType());
        return new Clock(newest ? event.time() : c.eventTime(), newest ? arrivedAt : c.newestArrivedAt(), arrivedAt,
                lastOfType != null && lastOfType.isAfter(event.time()) ? c.lastEventByType()
                        : Maps.with(c.lastEventByType(), event.type().ceType(), event.time()),
                Maps.with(c.skewBySource(), event.source(), Duration.between(event.time(), arrivedAt)),
                c.tooLateBySource(), c.appliedAtClock(), c.published());
    }

    private static void onPhase(Step s, PhaseEvent e) {
        Phases p = s.phases;
        String name = e.name() == null ? "" : e.name();
        boolean inRehearsal = s.inRehearsal();
        s.phases = p = new Phases(e.phase().name(), e.status().name(), e.name(), s.now,
                e.phase() == PhaseEvent.Phase.SYNC ? e.status() == PhaseEvent.PhaseStatus.STARTED : p.syncOpen(),
                p.openRehearsals(), p.longestRehearsal(), p.longestRehearsalName(), p.rehearsalEvidence(),
                e.maintenanceWindow() != null ? e.maintenanceWindow() : p.declaredWindow(),
                e.maintenanceWindow() != null ? s.eventId : p.windowEventId(), p.finalSyncAt(), p.cutover(),
                p.goLiveAt(), p.nothingLeftToStop(), p.rollbackNoLongerTheCall());
        switch (e.phase()) {
            case REHEARSAL -> onRehearsal(s, e, name);
            case CUTOVER -> onCutover(s, e);
            case ROLLBACK -> onRollback(s, e, inRehearsal);
            default -> {
            }
        }
        if (e.maintenanceWindow() != null) {
            WindowReservePolicy.evaluate(s);
        }
    }

    private static void onRehearsal(Step s, PhaseEvent e, String name) {
        Phases p = s.phases;
        if (e.status() == PhaseEvent.PhaseStatus.STARTED) {
            s.phases = p.withRehearsals(Maps.with(p.openRehearsals(), name, s.now), p.longestRehearsal(),
                    p.longestRehearsalName(), p.rehearsalEvidence());
            return;
        }
        Instant started = p.openRehearsals().get(name);
        s.phases = p = p.withRehearsals(Maps.without(p.openRehearsals(), name), p.longestRehearsal(),
                p.longestRehearsalName(), p.rehearsalEvidence());
        if (started == null || e.status() == PhaseEvent.PhaseStatus.FAILED) {
            return; // a failed rehearsal does not count, and one never started has no length
        }
        Duration length = Duration.between(started, s.now);
        if (p.longestRehearsal() == null || length.compareTo(p.longestRehearsal()) > 0) {
            s.phases = p.withRehearsals(p.openRehearsals(), length, name, List.of(s.eventId));
        }
        WindowReservePolicy.evaluate(s);
        ThroughputFloorPolicy.phaseCompleted(s, "REHEARSAL " + name, started, List.of(s.eventId));
    }

    private static void onCutover(Step s, PhaseEvent e) {
        switch (e.status()) {
            case STARTED -> {
                if (s.cutoverRunning()) {
                    return; // a second CUTOVER STARTED while one runs is ignored
                }
                s.phases = s.phases.withCutover(new Cutover(s.now, s.eventId, null, null, false));
                s.integrityWindow = IntegrityWindow.NONE;
            }
            case COMPLETED -> {
                if (!s.cutoverRunning()) {
                    return;
                }
                Cutover c = s.phases.cutover();
                ThroughputFloorPolicy.phaseCompleted(s, "CUTOVER", c.startedAt(), List.of(c.startEventId(), s.eventId));
                stopClock(s, "CUTOVER COMPLETED");
                s.phases = s.phases.withCalls(s.now, true, s.phases.rollbackNoLongerTheCall());
            }
            case FAILED -> {
                if (s.cutoverRunning()) {
                    stopClock(s, "CUTOVER FAILED");
                    s.phases = s.phases.withCalls(s.phases.goLiveAt(), true, true);
                }
            }
        }
    }

    private static void onRollback(Step s, PhaseEvent e, boolean inRehearsal) {
        if (inRehearsal) {
            return; // a rollback drill inside a rehearsal counts for nothing
        }
        if (e.status() == PhaseEvent.PhaseStatus.STARTED && s.phases.cutover() != null) {
            if (s.cutoverRunning()) {
                stopClock(s, "ROLLBACK STARTED");
            }
            s.phases = s.phases.withCalls(s.phases.goLiveAt(), true, true);
        } else if (e.status() == PhaseEvent.PhaseStatus.COMPLETED) {
            RollbackDeadlinePolicy.answer(s, rule -> true, "ROLLBACK COMPLETED");
            // back on the legacy system: the data has to move again before post-migration rules apply
            s.phases = s.phases.withFinalSyncAt(null);
        }
    }

    /** The cutover clock stops: at CUTOVER COMPLETED, CUTOVER FAILED or ROLLBACK STARTED. */
    private static void stopClock(Step s, String how) {
        Cutover c = s.phases.cutover();
        s.phases = s.phases.withCutover(new Cutover(c.startedAt(), c.startEventId(), s.now, how, c.overrunFired()));
        CutoverOverrunPolicy.clockStopped(s, c, how);
        ProjectedOverrunPolicy.clockStopped(s, how);
        ThroughputFloorPolicy.clockStopped(s, how);
    }

    private static void onSync(Step s, SyncEvent e) {
        SyncProgress before = s.syncs.get(e.scope());
        boolean running = e.state() == SyncEvent.SyncState.RUNNING;
        boolean continues = running && before != null && "RUNNING".equals(before.state());
        Instant runningSince = continues ? before.runningSince() : running ? s.now : null;
        Instant lastGrowth = continues && e.recordsSynced() <= before.recordsSynced() ? before.lastGrowthAt() : s.now;
        List<Sample> samples = new ArrayList<>(continues ? before.samples() : List.of());
        if (running) {
            samples.add(new Sample(s.now, e.recordsSynced()));
            // keep the lookback, and the last sample before it as the baseline of the rate
            Instant from = s.now.minus(s.plan.cutover().projectionLookback());
            while (samples.size() > 1 && !samples.get(1).at().isAfter(from)) {
                samples.remove(0);
            }
        }
        s.syncs = Maps.with(s.syncs, e.scope(), new SyncProgress(e.mode().name(), e.state().name(),
                e.recordsSynced(), e.recordsTotal(), e.lagSeconds(), s.now, runningSince,
                running ? lastGrowth : null, running ? samples : List.of(), s.eventId));
        if (e.mode() == SyncEvent.SyncMode.FINAL && e.state() == SyncEvent.SyncState.COMPLETED && !s.inRehearsal()) {
            s.phases = s.phases.withFinalSyncAt(s.now);
            IntegrityMismatchPolicy.finalSyncCompleted(s);
        }
    }

    private static void onReconciliation(Step s, ReconciliationEvent e) {
        ChunkRef ref = new ChunkRef(e.table(), e.chunk() == null ? "" : e.chunk().label());
        ReconciliationPairing.pair(s, ref, e).ifPresent(c -> IntegrityMismatchPolicy.compared(s, ref, c));
    }

    private static void onJob(Step s, JobEvent e) {
        JobStatus before = s.jobs.get(e.job());
        long failures = (before == null ? 0 : before.failures()) + (e.state() == JobEvent.JobState.FAILED ? 1 : 0);
        s.jobs = Maps.with(s.jobs, e.job(), new JobStatus(e.state().name(), e.runId(), failures, s.now));
        ObservationIncidentPolicy.onJob(s, e);
    }

    private static void onCheck(Step s, CheckEvent e) {
        CoreFunctionFailurePolicy.onCheck(s, e);
        ConnectivityPolicy.onCheck(s, e);
        ObservationIncidentPolicy.onCheck(s, e);
        CheckStatus before = s.checks.get(e.check());
        long failures = (before == null ? 0 : before.failures()) + (e.passed() ? 0 : 1);
        // a pass ends a GO's answer: the next failure is a new episode
        boolean answered = !e.passed() && before != null && before.answered();
        s.checks = Maps.with(s.checks, e.check(),
                new CheckStatus(e.kind().name(), e.passed(), failures, s.now, e.detail(), answered));
    }

    /** Kept for the status and the dashboard; a new run of the table starts its clock again. */
    private static void onReconciliationProgress(Step s, ReconciliationProgressEvent e) {
        MigrationState.TableProgress last = s.reconciling.get(e.table());
        Instant startedAt = last != null && last.runId().equals(e.runId()) ? last.startedAt() : s.now;
        s.reconciling = Maps.with(s.reconciling, e.table(), new MigrationState.TableProgress(e.runId(), e.rowsDone(),
                e.estimatedRows(), e.state().name(), startedAt, s.now));
    }

    private static void onDecision(Step s, DecisionEvent e) {
        if (e.decision() != DecisionEvent.Decision.GO || e.rule() == null) {
            return; // recorded in the ledger and shown; no rule changes
        }
        if (e.rule().equals(Rule.CORE_FUNCTION_FAILURE.id())) {
            CoreFunctionFailurePolicy.answeredByGo(s);
        }
        RollbackDeadlinePolicy.answer(s, e.rule()::equals, "a GO decision naming it");
    }
}
