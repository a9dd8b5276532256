package io.cutovermonitor.service.report;

import io.cutovermonitor.service.rules.PlanRegistry;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The acceptance evidence of one migration (SPEC section 5, "Evidence report"): the facts the ledger holds,
 * as {@code report.json} gives them and the HTML and PDF show them. Durations are ISO-8601 text.
 *
 * @param ledgerClock  the migration's event clock (newest event time): "now" for everything open
 * @param ledgerDigest the SHA-256 of the ledger content the report was built from ({@link LedgerDigest}), on
 *                     every page: whoever holds the paper can ask the monitor whether the ledger still gives it
 * @param planVersion  the text the plan was read from (its SHA-256, where it came from), part of the digest
 * @param demo         the events come from the built-in demo ({@code --monitor.demo.enabled}): marked on every page
 * @param clocks       which clock the report's figures use, and why the ledger clock and the generation time
 *                     disagree when they do (a replay, the demo)
 * @param signatures   the roles that sign: the migration lead and every decision maker the plan names
 */
public record EvidenceReport(String migrationId, String plan, PlanRegistry.PlanVersion planVersion, boolean demo,
                             Instant generatedAt, Instant ledgerClock, String clocks, String phase,
                             long ledgerEvents, long alertTransitions, String ledgerDigest, Timeline timeline, List<TableEvidence> tables,
                             List<AlertEpisode> alerts, List<RollbackTrigger> rollbackTriggers,
                             List<Decision> decisions, Throughput throughput, Observation observation,
                             Verdict verdict, List<String> signatures) {

    /** Where whoever holds the printed report asks whether the ledger still gives its digest, and what changed. */
    public String verifyPath() {
        return "/api/migrations/" + UriUtils.encodePathSegment(migrationId, StandardCharsets.UTF_8)
                + "/report/verify?digest=" + ledgerDigest + "&events=" + ledgerEvents + "&alerts=" + alertTransitions;
    }

    public record Timeline(List<PhaseEntry> phases, List<Rehearsal> rehearsals, List<SyncRun> syncs,
                           List<CutoverRecord> cutovers) {
    }

    public record PhaseEntry(Instant at, String phase, String name, String status, String eventId) {
    }

    /** @param outcome COMPLETED, FAILED or RUNNING */
    public record Rehearsal(String name, Instant startedAt, Instant endedAt, String outcome, String duration) {
    }

    /** One stretch of a sync of a scope in one mode, from its first report to COMPLETED or FAILED. */
    public record SyncRun(String scope, String mode, Instant startedAt, Instant endedAt, String state,
                          long recordsSynced, Long recordsTotal, String lastEventId) {
    }

    /**
     * @param duration          to the end, or to the ledger clock while running
     * @param maintenanceWindow the window the cutover was given (declared, else the plan's)
     * @param limit             the plan's maxDuration (6 h for the OMS plan)
     */
    public record CutoverRecord(Instant startedAt, Instant endedAt, String outcome, String duration,
                                String maintenanceWindow, String limit, boolean withinWindow, boolean withinLimit) {
    }

    /** The figures of one side of a reconciliation and the event that reported them. */
    public record Side(long rowCount, String checksum, String eventId, Instant at) {
    }

    /**
     * One reconciliation run of a table or chunk with both its sides.
     *
     * @param matched the two sides agree (counts, and checksums where both have one)
     * @param at      when the later of the two sides was reported
     */
    public record Proof(String runId, Side source, Side target, boolean matched, Instant at) {
    }

    /**
     * The latest comparison of a table or chunk (both sides of one reconciliation run), the one that proved it at
     * go-live, and, for a part that mismatched at any time, every run of it.
     *
     * @param chunk     e.g. {@code chunk 2}, or {@code whole table}
     * @param integrity the monitor's judgement now: MATCHED, MISMATCHED, PENDING or UNVERIFIED
     * @param matched   the two sides of the latest run agree
     * @param atGoLive  the last matching run before CUTOVER COMPLETED (null before go-live or if none matched)
     * @param history   every run in order when one of them mismatched, else empty
     */
    public record ChunkEvidence(String chunk, String integrity, String runId, Side source, Side target,
                                boolean matched, Instant provedAt, Proof atGoLive, List<Proof> history) {

        /** The go-live proof is another run than the latest: the paper shows both. */
        public boolean provedAtGoLiveByAnotherRun() {
            return atGoLive != null && !java.util.Objects.equals(atGoLive.runId(), runId);
        }
    }

    public record TableEvidence(String table, long sourceRows, long targetRows, boolean allMatched,
                                List<ChunkEvidence> chunks) {
    }

    /**
     * One alert episode: its FIRING transition and, if it came, its RESOLVED one.
     *
     * @param planVersion the plan version its FIRING was decided under (0: a file's or the default plan; null: an
     *                    alert stored before alerts named it)
     */
    public record AlertEpisode(String rule, String severity, String action, String episodeKey, String summary,
                               List<String> evidence, Instant firedAt, Instant resolvedAt, String resolution,
                               String openFor, boolean open, String decisionMaker, String respondWithin,
                               Instant deadline, List<String> steps, Integer planVersion) {
    }

    /**
     * @param kind   {@code GO decision} or {@code ROLLBACK COMPLETED}
     * @param inTime it came by the trigger's deadline
     */
    public record Answer(String kind, Instant at, String by, String reason, String eventId, boolean inTime) {
    }

    /** A ROLLBACK trigger and the answer to it; {@code answer} is null while it is unanswered. */
    public record RollbackTrigger(String rule, String episodeKey, Instant firedAt, String summary,
                                  List<String> evidence, String decisionMaker, Instant deadline, boolean answered,
                                  Answer answer) {
    }

    public record Decision(String eventId, Instant at, String decision, String by, String reason, String rule,
                           String account) {
    }

    public record Peak(String phase, long recordsPerHour, Instant at, Instant completedAt, boolean metTarget) {
    }

    public record Throughput(long targetPerHour, List<Peak> peaks) {
    }

    public record Incident(Instant firedAt, Instant resolvedAt, String summary, boolean open) {
    }

    /** The observation-incident alerts that fired on one observation day. */
    public record IncidentDay(int day, LocalDate date, List<Incident> incidents) {
    }

    /** Runs of a job (or executions of a check) during observation, and how many failed. */
    public record History(String name, long runs, long failures) {
    }

    /**
     * @param day    day N of {@code days} (null before go-live)
     * @param endsAt when the observation period is over (null before go-live)
     */
    public record Observation(Instant goLiveAt, Integer day, int days, Instant endsAt,
                              List<IncidentDay> incidentsByDay, List<History> jobs, List<History> checks,
                              long jobRuns, long jobFailures, long checkRuns, long checkFailures) {
    }
}
