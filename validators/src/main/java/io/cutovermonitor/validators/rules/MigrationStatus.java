package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.Cutover;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.MigrationState.PendingSide;
import io.cutovermonitor.validators.rules.MigrationState.PhasePeak;
import io.cutovermonitor.validators.rules.MigrationState.TableIntegrity;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;

/**
 * What the REST API and the metrics show of a migration, computed from its state at an instant. Windows and
 * durations use the migration's event clock, except {@code cutoverElapsed} of a running cutover, which runs to
 * {@code now} (the wall clock while live).
 *
 * @param defaultPlan        the migration runs under the default (OMS) plan: it has no plan of its own
 * @param cutoverLimit       maxDuration of the plan
 * @param tables             per table: counts of chunks by integrity state, and each chunk's state
 * @param integrityErrors    distinct integrity errors counted in the current cutover's window
 * @param firing             the open alert episodes; rollback triggers carry their deadline
 * @param rollbackDeadlines  every unanswered rollback trigger's deadline, also when the trigger itself resolved
 * @param observationDay     day N of the observation period (null before go-live)
 * @param maintenanceWindow  the window the cutover is given: the latest declared, else the plan's
 * @param readyForAcceptance the observation period is over with no open observation incident
 * @param tooLateBySource    events stamped more than the plan's maxLateness before the clock, per source: applied
 *                           at the clock, not as of their own time
 * @param reconciling        per table, how far its latest reconciliation run has come, by table name
 */
public record MigrationStatus(String migrationId, String plan, boolean defaultPlan, boolean live,
                              String phase, String phaseStatus, String phaseName,
                              Instant cutoverStartedAt, Instant cutoverEndedAt, Duration cutoverElapsed,
                              Duration cutoverLimit, Instant projectedFinish,
                              Map<String, TableStatus> tables, int integrityErrors, int integrityErrorsThreshold,
                              long trailingHourThroughput, long throughputTarget, List<PhasePeak> throughputPeaks,
                              Map<String, Double> syncLagSeconds, Map<String, Long> recordsSynced,
                              List<FiringRule> firing, List<RollbackDeadline> rollbackDeadlines,
                              Integer observationDay, int observationDays,
                              boolean readyForAcceptance, Map<String, Long> checkFailures,
                              Map<String, Long> jobFailures, Map<String, Instant> lastEventByType,
                              Map<String, Duration> clockSkewBySource, Map<String, Long> tooLateBySource,
                              Instant eventTime,
                              Duration maintenanceWindow, List<Reconciling> reconciling) {

    /**
     * How far a table's latest reconciliation run has come, on event time (the reconciler's own clock).
     *
     * @param ratio         rows compared against the estimate, 0 to 1; 1 once COMPLETED whatever the estimate said
     * @param rowsPerSecond rows compared per second of the run so far (null before two reports tell it)
     * @param eta           when the run will be through the table at that rate (null once it ended, or unknown)
     */
    public record Reconciling(String table, String runId, String state, long rowsDone, Long estimatedRows,
                              double ratio, Double rowsPerSecond, Instant startedAt, Instant at, Instant eta) {

        static Reconciling of(String table, MigrationState.TableProgress p) {
            boolean running = "RUNNING".equals(p.state());
            Long estimate = p.estimatedRows();
            double ratio = "COMPLETED".equals(p.state()) ? 1
                    : estimate == null || estimate <= 0 ? 0 : Math.min(1, (double) p.rowsDone() / estimate);
            long millis = Duration.between(p.startedAt(), p.at()).toMillis();
            Double rate = millis <= 0 || p.rowsDone() == 0 ? null : p.rowsDone() * 1000.0 / millis;
            Instant eta = !running || rate == null || estimate == null || estimate <= p.rowsDone() ? null
                    : p.at().plusMillis(Math.round((estimate - p.rowsDone()) * 1000 / rate));
            return new Reconciling(table, p.runId(), p.state(), p.rowsDone(), estimate, ratio, rate, p.startedAt(),
                    p.at(), eta);
        }
    }

    /** Integrity of a chunk as people see it. */
    public enum Integrity { MATCHED, MISMATCHED, PENDING, UNVERIFIED }

    /**
     * A table's chunks by integrity.
     *
     * @param chunks every chunk's integrity, judged when read (a view, not a copy: the metrics need only the counts)
     */
    public record TableStatus(int matched, int mismatched, int pending, int unverified, Map<String, Integrity> chunks) {

        static TableStatus of(TableIntegrity table, Instant clock, MigrationPlan plan) {
            int[] open = new int[Integrity.values().length];
            table.open().values().forEach(c -> open[integrity(c, clock, plan).ordinal()]++);
            return new TableStatus(table.chunks().size() - table.open().size(), open[Integrity.MISMATCHED.ordinal()],
                    open[Integrity.PENDING.ordinal()], open[Integrity.UNVERIFIED.ordinal()],
                    new JudgedChunks(table, clock, plan));
        }
    }

    /** A table's chunks as {@link TableStatus#chunks()} shows them: an open one judged at the clock, the rest matched. */
    private static final class JudgedChunks extends AbstractMap<String, Integrity> {

        private final TableIntegrity table;
        private final Instant clock;
        private final MigrationPlan plan;

        JudgedChunks(TableIntegrity table, Instant clock, MigrationPlan plan) {
            this.table = table;
            this.clock = clock;
            this.plan = plan;
        }

        @Override
        public Integrity get(Object chunk) {
            return table.chunks().containsKey(chunk) ? judged(chunk) : null;
        }

        /** A chunk of the table: open, as the clock judges it; else a settled match. */
        private Integrity judged(Object chunk) {
            ChunkState open = table.open().get(chunk);
            return open == null ? Integrity.MATCHED : integrity(open, clock, plan);
        }

        @Override
        public boolean containsKey(Object chunk) {
            return table.chunks().containsKey(chunk);
        }

        @Override
        public int size() {
            return table.chunks().size();
        }

        @Override
        public Set<Entry<String, Integrity>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Integrity>> iterator() {
                    Iterator<String> chunks = table.chunks().keySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return chunks.hasNext();
                        }

                        @Override
                        public Entry<String, Integrity> next() {
                            String chunk = chunks.next();
                            return new SimpleImmutableEntry<>(chunk, judged(chunk));
                        }
                    };
                }

                @Override
                public int size() {
                    return table.chunks().size();
                }
            };
        }
    }

    /**
     * An open alert episode.
     *
     * @param deadline for a rollback trigger: when its decision maker must have answered; else null
     */
    public record FiringRule(String rule, Severity severity, Action action, Instant since, String summary,
                             String decisionMaker, Instant deadline, String episodeKey) {
    }

    /**
     * An unanswered rollback trigger: who must answer by when.
     *
     * @param overdue the deadline has passed (its rollback-deadline alert fired)
     */
    public record RollbackDeadline(String rule, Instant triggeredAt, Instant dueAt, boolean overdue,
                                   String triggerEpisodeKey) {
    }

    public static MigrationStatus of(MigrationState state, MigrationPlan plan, Instant now) {
        Instant clock = state.clock().eventTime() == null ? now : state.clock().eventTime();
        Cutover cutover = state.phases().cutover();
        Duration elapsed = cutover == null ? null
                : Duration.between(cutover.startedAt(), cutover.running() ? later(now, clock) : cutover.endedAt());

        Map<String, TableStatus> tables = new LinkedHashMap<>();
        state.tables().forEach((table, integrity) -> tables.put(table, TableStatus.of(integrity, clock, plan)));

        List<FiringRule> firing = state.firing().entrySet().stream().map(e -> {
            FiringAlert a = e.getValue();
            var deadline = state.deadlines().get(e.getKey());
            return new FiringRule(a.rule(), a.severity(), a.action(), a.at(), a.summary(), a.decisionMaker(),
                    deadline == null ? null : deadline.dueAt(), e.getKey());
        }).toList();

        List<RollbackDeadline> deadlines = state.deadlines().entrySet().stream()
                .map(e -> new RollbackDeadline(e.getValue().rule(), e.getValue().triggerAt(), e.getValue().dueAt(),
                        e.getValue().fired(), e.getKey())).toList();

        Instant goLive = state.phases().goLiveAt();
        Integer day = goLive == null ? null
                : (int) Math.min(plan.observation().days(), Duration.between(goLive, clock).toHours() / 24 + 1);
        boolean periodOver = goLive != null && !clock.isBefore(goLive.plus(plan.observation().period()));
        boolean openIncident = firing.stream().anyMatch(f -> f.rule().equals(Rule.OBSERVATION_INCIDENT.id()));

        Map<String, Double> lag = new LinkedHashMap<>();
        Map<String, Long> synced = new LinkedHashMap<>();
        state.syncs().forEach((scope, sync) -> {
            if (sync.lagSeconds() != null) {
                lag.put(scope, sync.lagSeconds());
            }
            synced.put(scope, sync.recordsSynced());
        });
        Map<String, Long> checkFailures = new LinkedHashMap<>();
        state.checks().forEach((check, c) -> checkFailures.put(check, c.failures()));
        Map<String, Long> jobFailures = new LinkedHashMap<>();
        state.jobs().forEach((job, j) -> jobFailures.put(job, j.failures()));

        var phases = state.phases();
        return new MigrationStatus(state.migrationId(), plan.name(), plan.defaultPlan(),
                RuleEngine.isLive(state, plan), phases.phase(), phases.status(), phases.name(),
                cutover == null ? null : cutover.startedAt(), cutover == null ? null : cutover.endedAt(), elapsed,
                plan.cutover().maxDuration(), state.projectedFinish(), tables, state.integrityWindow().errors().size(),
                plan.integrity().errorsThreshold(), ThroughputFloorPolicy.trailingHour(state.throughput(), clock),
                plan.throughput().targetPerHour(), state.throughput().peaks(), lag, synced, firing, deadlines, day,
                plan.observation().days(), periodOver && !openIncident, checkFailures, jobFailures,
                state.clock().lastEventByType(), state.clock().skewBySource(), state.clock().tooLateBySource(),
                state.clock().eventTime(),
                Objects.requireNonNullElse(phases.declaredWindow(), plan.cutover().maintenanceWindow()),
                new TreeMap<>(state.reconciling()).entrySet().stream()
                        .map(e -> Reconciling.of(e.getKey(), e.getValue())).toList());
    }

    /**
     * An open mismatch shows as mismatched; a side of a newer run waiting for its partner as pending, or
     * unverified once it has waited the pairTimeout; otherwise the last comparison.
     */
    static Integrity integrity(ChunkState c, Instant clock, MigrationPlan plan) {
        if (c.mismatch() != null) {
            return Integrity.MISMATCHED;
        }
        Instant newestWaiting = c.waiting().map(PendingSide::reportedAt).max(Instant::compareTo).orElse(null);
        if (newestWaiting != null) {
            return clock.isBefore(newestWaiting.plus(plan.integrity().pairTimeout())) ? Integrity.PENDING
                    : Integrity.UNVERIFIED;
        }
        return Boolean.TRUE.equals(c.lastMatched()) ? Integrity.MATCHED : Integrity.PENDING;
    }

    /**
     * The migration's clock at {@code now}: the wall clock while it is live, else its newest event time (a replay,
     * or the demo whose events run ahead of the wall clock, is judged and shown as of its own record). What a
     * rollback deadline's time left is counted from, in the API and on the dashboards alike.
     */
    public Instant clockAt(Instant now) {
        return eventTime == null ? now : live && now.isAfter(eventTime) ? now : eventTime;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
