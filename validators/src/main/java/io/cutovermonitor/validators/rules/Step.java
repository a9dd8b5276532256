package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.MigrationPlan.RollbackProcedure;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.Clock;
import io.cutovermonitor.validators.rules.MigrationState.Deadline;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.MigrationState.IntegrityWindow;
import io.cutovermonitor.validators.rules.MigrationState.Phases;
import io.cutovermonitor.validators.rules.MigrationState.SyncProgress;
import io.cutovermonitor.validators.rules.MigrationState.TableIntegrity;
import io.cutovermonitor.validators.rules.MigrationState.TableProgress;
import io.cutovermonitor.validators.rules.MigrationState.Throughput;
import io.cutovermonitor.validators.rules.MigrationState.CheckStatus;
import io.cutovermonitor.validators.rules.MigrationState.JobStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One decision step of the engine (an event applied, or a tick): the state being changed, the monitor's clock
 * {@code now}, and the alert transitions decided so far. Policies read and change it; the engine turns it back
 * into an immutable {@link MigrationState}.
 */
final class Step {

    final MigrationPlan plan;
    final String migrationId;
    /** The monitor's clock at this decision: event time for an event, the wall clock for a tick. */
    final Instant now;
    /** The id of the event being applied; null on a tick. */
    final String eventId;

    Clock clock;
    Phases phases;
    Map<String, TableIntegrity> tables;
    List<ChunkRef> awaitingConfirmation;
    IntegrityWindow integrityWindow;
    Throughput throughput;
    Map<String, SyncProgress> syncs;
    Map<String, CheckStatus> checks;
    Map<String, JobStatus> jobs;
    Map<String, FiringAlert> firing;
    Map<String, Deadline> deadlines;
    Instant projectedFinish;
    Map<String, TableProgress> reconciling;

    private final List<AlertTransition> transitions = new ArrayList<>();
    private final Set<ChunkRef> changedChunks = new LinkedHashSet<>();
    private final Set<Instant> changedBuckets = new LinkedHashSet<>();

    Step(MigrationState state, MigrationPlan plan, Instant now, String eventId) {
        this.plan = plan;
        this.migrationId = state.migrationId();
        this.now = now;
        this.eventId = eventId;
        clock = state.clock();
        phases = state.phases();
        tables = state.tables();
        awaitingConfirmation = state.awaitingConfirmation();
        integrityWindow = state.integrityWindow();
        throughput = state.throughput();
        syncs = state.syncs();
        checks = state.checks();
        jobs = state.jobs();
        firing = state.firing();
        deadlines = state.deadlines();
        projectedFinish = state.projectedFinish();
        reconciling = state.reconciling();
    }

    Outcome outcome() {
        return new Outcome(new MigrationState(migrationId, clock, phases, tables, awaitingConfirmation,
                integrityWindow, throughput, syncs, checks, jobs, firing, deadlines, projectedFinish, reconciling), transitions,
                List.copyOf(changedChunks), List.copyOf(changedBuckets));
    }

    /** A throughput report added to (or created) the bucket of this interval end. */
    void bucketChanged(Instant end) {
        changedBuckets.add(end);
    }

    ChunkState chunk(ChunkRef ref) {
        TableIntegrity table = tables.get(ref.table());
        return table == null ? ChunkState.NONE : table.chunks().getOrDefault(ref.chunk(), ChunkState.NONE);
    }

    void putChunk(ChunkRef ref, ChunkState chunk) {
        tables = Maps.with(tables, ref.table(), tables.getOrDefault(ref.table(), TableIntegrity.EMPTY).with(ref.chunk(), chunk));
        changedChunks.add(ref);
    }

    /** The current event's id as evidence (nothing on a tick). */
    List<String> thisEvent() {
        return eventId == null ? List.of() : List.of(eventId);
    }

    /**
     * Starts an episode. A FIRING with action ROLLBACK names the plan's decision maker and deadline and opens
     * the trigger's rollback deadline.
     */
    void fire(Rule rule, String episodeKey, String subject, Action action, String summary, List<String> evidence) {
        RollbackProcedure procedure = action == Action.ROLLBACK ? plan.procedure(rule.id()) : null;
        String decisionMaker = procedure == null ? null : procedure.decisionMaker();
        var respondWithin = procedure == null ? null : procedure.respondWithin();
        List<String> ids = evidence.stream().distinct().toList();
        firing = Maps.with(firing, episodeKey, new FiringAlert(rule.id(), subject, rule.severity(), action, now, ids,
                decisionMaker, respondWithin, summary));
        if (procedure != null) {
            deadlines = Maps.with(deadlines, episodeKey,
                    new Deadline(rule.id(), now, now.plus(respondWithin), ids, false));
        }
        transitions.add(new AlertTransition(migrationId, rule.id(), rule.severity(), action, AlertState.FIRING,
                summary, ids, decisionMaker, respondWithin, now, episodeKey, null));
    }

    /**
     * {@code ROLLBACK - steps (who decides within how long)}: the call a rollback trigger makes, from the plan's
     * procedure for it, which {@link #fire} also gives the alert.
     */
    String rollbackCall(Rule rule) {
        RollbackProcedure p = plan.procedure(rule.id());
        return "ROLLBACK - " + String.join(", ", p.steps()) + " (" + p.decisionMaker() + " decides within "
                + Texts.duration(p.respondWithin()) + ")";
    }

    /** Ends an open episode; the RESOLVED carries the action of its FIRING. */
    void resolve(String episodeKey, String summary) {
        FiringAlert open = firing.get(episodeKey);
        if (open == null) {
            return;
        }
        firing = Maps.without(firing, episodeKey);
        transitions.add(new AlertTransition(migrationId, open.rule(), open.severity(), open.action(),
                AlertState.RESOLVED, summary, thisEvent(), null, null, now, episodeKey, null));
    }

    /** The open episode of a rule about a subject, if any. */
    Optional<String> firingKey(Rule rule, String subject) {
        return firing.entrySet().stream()
                .filter(e -> e.getValue().rule().equals(rule.id()) && e.getValue().subject().equals(subject))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The open episodes of a rule, in the order they fired. */
    List<String> firingKeys(Rule rule) {
        return firing.entrySet().stream().filter(e -> e.getValue().rule().equals(rule.id()))
                .map(Map.Entry::getKey).toList();
    }

    boolean isFiring(Rule rule, String subject) {
        return firingKey(rule, subject).isPresent();
    }

    /** Inside a REHEARSAL (between its STARTED and its end), drills count for nothing. */
    boolean inRehearsal() {
        return !phases.openRehearsals().isEmpty();
    }

    boolean cutoverRunning() {
        return phases.cutover() != null && phases.cutover().running();
    }

    /** The data has moved: the FINAL sync completed outside a rehearsal. */
    boolean dataMoved() {
        return phases.finalSyncAt() != null;
    }

    /** Inside the observation period: from go-live for the plan's days of 24 h. */
    boolean inObservation() {
        return phases.goLiveAt() != null && now.isBefore(phases.goLiveAt().plus(plan.observation().period()));
    }

    /** Observation day N (1 during the first 24 h after go-live). */
    long observationDay() {
        return java.time.Duration.between(phases.goLiveAt(), now).toHours() / 24 + 1;
    }
}
