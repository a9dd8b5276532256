package io.cutovermonitor.service.api;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/migrations/{id}}: what a migration lead needs to see of a migration at one glance. Instants are
 * ISO-8601 UTC, durations ISO-8601.
 *
 * @param eventTime        the migration's clock: the newest event time seen
 * @param live             its events arrive as they happen (the wall clock drives its deadlines), not as a replay
 * @param rollbackTriggers every rollback trigger nobody has answered yet (also when the trigger itself resolved):
 *                         who decides, by when, how much time is left and the procedure to follow
 * @param tooLateBySource  per source, events that came later than the plan's maxLateness (judged at the clock)
 * @param reconciling      per table, how far its latest reconciliation run has come: rows against the estimate,
 *                         the rate so far and when it will be through the table at that rate (event time)
 * @param planVersion      which plan version governs (each alert names the version it was decided under)
 * @param decisions        the decisions recorded for the migration, oldest first
 * @param report           where the migration's evidence report is
 */
record StatusView(String id, boolean live, String eventTime, String phase, String phaseStatus, String phaseName,
                  Cutover cutover, Integrity integrity, Throughput throughput, Syncs syncs, List<Firing> firing,
                  List<RollbackTrigger> rollbackTriggers, Observation observation, Map<String, Long> checkFailures,
                  Map<String, Long> jobFailures, Map<String, String> lastEventByType,
                  Map<String, String> clockSkewBySource, Map<String, Long> tooLateBySource,
                  List<Reconciling> reconciling, PlanView plan, PlanVersionView planVersion,
                  List<DecisionView> decisions, String report) {

    record Reconciling(String table, String runId, String state, long rowsDone, Long estimatedRows, double ratio,
                       Long rowsPerSecond, String startedAt, String at, String eta) {

        static Reconciling of(MigrationStatus.Reconciling r) {
            return new Reconciling(r.table(), r.runId(), r.state(), r.rowsDone(), r.estimatedRows(),
                    Math.round(r.ratio() * 1000) / 1000.0, r.rowsPerSecond() == null ? null : Math.round(r.rowsPerSecond()),
                    Iso.instant(r.startedAt()), Iso.instant(r.at()), Iso.instant(r.eta()));
        }
    }

    /** A plan version: its number (0 for a file's or the default plan), digest, where it came from, when it was put. */
    record PlanVersionView(int version, String sha256, String origin, String setAt) {

        static PlanVersionView of(PlanRegistry.PlanVersion v) {
            return new PlanVersionView(v.version(), v.sha256(), v.origin(), Iso.instant(v.setAt()));
        }
    }

    /**
     * @param elapsed           since CUTOVER STARTED, to its end or (while it runs) to now
     * @param maintenanceWindow the window the cutover is given: the latest a phase event declared, else the plan's
     */
    record Cutover(String startedAt, String endedAt, String elapsed, String limit, String projectedFinish,
                   String maintenanceWindow) {
    }

    record Integrity(int errors, int errorsThreshold, Map<String, MigrationStatus.TableStatus> tables) {
    }

    /** @param peaks the peak trailing-hour throughput of each completed phase */
    record Throughput(long trailingHour, long targetPerHour, List<Peak> peaks) {
    }

    record Peak(String phase, long recordsPerHour, String at, String completedAt) {
    }

    record Syncs(Map<String, Long> recordsSynced, Map<String, Double> lagSeconds) {
    }

    /** An open alert episode; a rollback trigger carries its decision maker and deadline. */
    record Firing(String rule, String severity, String action, String since, String summary, String decisionMaker,
                  String deadline, String episode) {
    }

    /**
     * An unanswered rollback trigger.
     *
     * @param firing   the trigger itself is still firing (an answered or cleared one may still await its decision)
     * @param timeLeft deadline minus {@code asOf}; negative once overdue
     * @param asOf     the migration's clock: the wall clock while live, else its newest event time (a replay shows
     *                 what was left at the end of its record)
     * @param overdue  the deadline passed and {@code rollback-deadline} fired
     * @param steps    the plan's procedure for the rule
     */
    record RollbackTrigger(String rule, String episode, boolean firing, String triggeredAt, String decisionMaker,
                           String respondWithin, String deadline, String timeLeft, String asOf, boolean overdue,
                           List<String> steps) {
    }

    /** @param day observation day N (null before go-live) */
    record Observation(Integer day, int days, boolean readyForAcceptance) {
    }

    /**
     * @param withChunks each table's chunks one by one too; without them a table is its four counts, which is what
     *                   a screen refreshing every second needs of a migration of 500,000 chunks
     */
    static StatusView of(MigrationState state, MigrationPlan plan, PlanRegistry.PlanVersion planVersion, Instant now,
                         List<DecisionView> decisions, boolean withChunks) {
        MigrationStatus s = MigrationStatus.of(state, plan, now);
        Instant asOf = s.clockAt(now);

        List<Firing> firing = s.firing().stream().map(f -> new Firing(f.rule(), f.severity().name(),
                f.action().name(), Iso.instant(f.since()), f.summary(), f.decisionMaker(), Iso.instant(f.deadline()),
                f.episodeKey())).toList();

        List<RollbackTrigger> triggers = s.rollbackDeadlines().stream().map(d -> {
            var open = state.firing().get(d.triggerEpisodeKey());
            var procedure = plan.procedure(d.rule());
            String decisionMaker = open != null && open.decisionMaker() != null ? open.decisionMaker()
                    : procedure == null ? null : procedure.decisionMaker();
            Duration respondWithin = Duration.between(d.triggeredAt(), d.dueAt());
            return new RollbackTrigger(d.rule(), d.triggerEpisodeKey(), open != null, Iso.instant(d.triggeredAt()),
                    decisionMaker, Iso.duration(respondWithin), Iso.instant(d.dueAt()),
                    Iso.duration(Duration.between(asOf, d.dueAt())), Iso.instant(asOf), d.overdue(),
                    procedure == null ? List.of() : procedure.steps());
        }).toList();

        Map<String, MigrationStatus.TableStatus> tables = new LinkedHashMap<>(s.tables());
        if (!withChunks) {
            tables.replaceAll((name, t) -> new MigrationStatus.TableStatus(t.matched(), t.mismatched(), t.pending(),
                    t.unverified(), Map.of()));
        }
        return new StatusView(s.migrationId(), s.live(), Iso.instant(s.eventTime()), s.phase(), s.phaseStatus(),
                s.phaseName(),
                new Cutover(Iso.instant(s.cutoverStartedAt()), Iso.instant(s.cutoverEndedAt()),
                        Iso.duration(s.cutoverElapsed()), Iso.duration(s.cutoverLimit()),
                        Iso.instant(s.projectedFinish()), Iso.duration(s.maintenanceWindow())),
                new Integrity(s.integrityErrors(), s.integrityErrorsThreshold(), tables),
                new Throughput(s.trailingHourThroughput(), s.throughputTarget(), s.throughputPeaks().stream()
                        .map(p -> new Peak(p.phase(), p.recordsPerHour(), Iso.instant(p.at()),
                                Iso.instant(p.completedAt()))).toList()),
                new Syncs(s.recordsSynced(), s.syncLagSeconds()), firing, triggers,
                new Observation(s.observationDay(), s.observationDays(), s.readyForAcceptance()),
                s.checkFailures(), s.jobFailures(), Iso.instants(s.lastEventByType()),
                Iso.durations(s.clockSkewBySource()), s.tooLateBySource(),
                s.reconciling().stream().map(Reconciling::of).toList(), PlanView.of(plan),
                PlanVersionView.of(planVersion), decisions,
                MigrationsController.statusPath(s.migrationId()) + "/report");
    }
}
