package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the rules remember about one migration, as an immutable value that serialises to and from JSON
 * (the service snapshots it after each batch and restores it after a restart). It keeps what the rules need, not
 * the events: per table and chunk the last verdict, sides waiting for a partner and the open mismatch; throughput
 * totals per interval end for the last hours; the open alert episodes and deadlines.
 *
 * @param tables               integrity per table, then per chunk ({@code ""} for the whole table)
 * @param awaitingConfirmation mismatches seen before the FINAL sync that have not yet counted, in the order
 *                             they were first reported
 * @param firing               the open alert episodes, by episode key
 * @param deadlines            open rollback deadlines, by the episode key of their trigger
 * @param reconciling          per table, how far its latest reconciliation run has come (no rule reads it)
 */
public record MigrationState(String migrationId, Clock clock, Phases phases, Map<String, TableIntegrity> tables,
                             List<ChunkRef> awaitingConfirmation, IntegrityWindow integrityWindow, Throughput throughput,
                             Map<String, SyncProgress> syncs, Map<String, CheckStatus> checks,
                             Map<String, JobStatus> jobs, Map<String, FiringAlert> firing,
                             Map<String, Deadline> deadlines, Instant projectedFinish,
                             Map<String, TableProgress> reconciling) {

    public MigrationState {
        Objects.requireNonNull(migrationId, "migrationId");
        clock = Objects.requireNonNullElse(clock, Clock.NONE);
        phases = Objects.requireNonNullElse(phases, Phases.NONE);
        tables = Maps.frozen(tables);
        awaitingConfirmation = awaitingConfirmation == null ? List.of() : List.copyOf(awaitingConfirmation);
        integrityWindow = Objects.requireNonNullElse(integrityWindow, IntegrityWindow.NONE);
        throughput = Objects.requireNonNullElse(throughput, Throughput.NONE);
        syncs = Maps.frozen(syncs);
        checks = Maps.frozen(checks);
        jobs = Maps.frozen(jobs);
        firing = Maps.frozen(firing);
        deadlines = Maps.frozen(deadlines);
        reconciling = Maps.frozen(reconciling);
    }

    /** How many chunks (whole tables included) the migration's reconciliations reported. */
    public long chunkCount() {
        return tables.values().stream().mapToLong(t -> t.chunks().size()).sum();
    }

    /** The same state with another clock. */
    MigrationState withClock(Clock c) {
        return new MigrationState(migrationId, c, phases, tables, awaitingConfirmation, integrityWindow, throughput,
                syncs, checks, jobs, firing, deadlines, projectedFinish, reconciling);
    }

    /** The same state with other open episodes and deadlines. */
    MigrationState withEpisodes(Map<String, FiringAlert> f, Map<String, Deadline> d) {
        return new MigrationState(migrationId, clock, phases, tables, awaitingConfirmation, integrityWindow, throughput,
                syncs, checks, jobs, f, d, projectedFinish, reconciling);
    }

    /** A migration the monitor has seen nothing of yet. */
    public static MigrationState initial(String migrationId) {
        return new MigrationState(migrationId, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /**
     * Time as the rules see it.
     *
     * @param eventTime       the newest event time seen: the migration's clock (it only moves forward)
     * @param newestArrivedAt when the event carrying {@code eventTime} arrived (decides whether the migration is live)
     * @param lastArrivedAt   when the latest event arrived (wall clock; telemetry staleness)
     * @param lastEventByType newest event time per event type, e.g. {@code migration.sync.v1}
     * @param skewBySource    arrival minus event time of each source's latest event
     * @param tooLateBySource events stamped more than the plan's maxLateness before the clock, per source: applied
     *                        at the clock, not re-judged
     * @param appliedAtClock  the clock each event applied at the clock rather than at its own time was applied at
     *                        (those too late, and decisions stamped before the clock), by {@link #identity event
     *                        identity}: a re-judgement puts them where they were applied, not at their own time
     * @param published       what the alert topic was told beyond the open episodes (see {@link EpisodeNames})
     */
    public record Clock(Instant eventTime, Instant newestArrivedAt, Instant lastArrivedAt,
                        Map<String, Instant> lastEventByType, Map<String, Duration> skewBySource,
                        Map<String, Long> tooLateBySource, Map<String, Instant> appliedAtClock,
                        Published published) {

        static final Clock NONE = new Clock(null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), Published.NONE);

        public Clock {
            lastEventByType = Maps.frozen(lastEventByType);
            skewBySource = Maps.frozen(skewBySource);
            tooLateBySource = Maps.frozen(tooLateBySource);
            appliedAtClock = Maps.frozen(appliedAtClock);
            published = Objects.requireNonNullElse(published, Published.NONE);
        }

        Clock withPublished(Published p) {
            return new Clock(eventTime, newestArrivedAt, lastArrivedAt, lastEventByType, skewBySource, tooLateBySource,
                    appliedAtClock, p);
        }

        /** The identity of an event, (source, id), as one key. */
        static String identity(TelemetryEvent event) {
            return event.source() + "\n" + event.id();
        }

        /** Where an event stands in time order: its own time, or the clock it was applied at instead. */
        Instant orderOf(TelemetryEvent event) {
            return appliedAtClock.isEmpty() ? event.time() : appliedAtClock.getOrDefault(identity(event), event.time());
        }
    }

    /**
     * What the alert topic was told that a re-judgement must not contradict.
     *
     * @param resolved   episodes published RESOLVED (by announced name), with the clock when they were, oldest first:
     *                   a late event that re-opens one announces it under a new name
     * @param reopenedAs the engine's key of each re-opened episode still remembered → the name it was announced under
     */
    public record Published(Map<String, Instant> resolved, Map<String, String> reopenedAs) {

        static final Published NONE = new Published(Map.of(), Map.of());

        public Published {
            resolved = Maps.frozen(resolved);
            reopenedAs = Maps.frozen(reopenedAs);
        }
    }

    /**
     * The phases of the migration.
     *
     * @param phase, status, name     the latest phase event
     * @param syncOpen                a SYNC phase has STARTED and not ended
     * @param openRehearsals          rehearsals STARTED and not ended, by name, with their start
     * @param longestRehearsal        the longest completed rehearsal (null before the first)
     * @param declaredWindow          the maintenance window of the latest phase event that declared one
     * @param finalSyncAt             when the FINAL sync completed outside a rehearsal (the data has moved)
     * @param cutover                 the current (or last) cutover, null before the first
     * @param goLiveAt                when the cutover COMPLETED: the observation period runs from here
     * @param nothingLeftToStop       a cutover completed or failed, or a rollback started: no STOP any more
     * @param rollbackNoLongerTheCall a cutover failed or a rollback started: integrity errors call for no rollback
     */
    public record Phases(String phase, String status, String name, Instant phaseAt, boolean syncOpen,
                         Map<String, Instant> openRehearsals, Duration longestRehearsal, String longestRehearsalName,
                         List<String> rehearsalEvidence, Duration declaredWindow, String windowEventId,
                         Instant finalSyncAt, Cutover cutover, Instant goLiveAt, boolean nothingLeftToStop,
                         boolean rollbackNoLongerTheCall) {

        static final Phases NONE = new Phases(null, null, null, null, false, Map.of(), null, null, List.of(), null,
                null, null, null, null, false, false);

        public Phases {
            openRehearsals = Maps.frozen(openRehearsals);
            rehearsalEvidence = rehearsalEvidence == null ? List.of() : List.copyOf(rehearsalEvidence);
        }

        Phases withRehearsals(Map<String, Instant> open, Duration longest, String longestName, List<String> evidence) {
            return new Phases(phase, status, name, phaseAt, syncOpen, open, longest, longestName, evidence,
                    declaredWindow, windowEventId, finalSyncAt, cutover, goLiveAt, nothingLeftToStop,
                    rollbackNoLongerTheCall);
        }

        Phases withFinalSyncAt(Instant at) {
            return new Phases(phase, status, name, phaseAt, syncOpen, openRehearsals, longestRehearsal,
                    longestRehearsalName, rehearsalEvidence, declaredWindow, windowEventId, at, cutover, goLiveAt,
                    nothingLeftToStop, rollbackNoLongerTheCall);
        }

        Phases withCutover(Cutover c) {
            return new Phases(phase, status, name, phaseAt, syncOpen, openRehearsals, longestRehearsal,
                    longestRehearsalName, rehearsalEvidence, declaredWindow, windowEventId, finalSyncAt, c, goLiveAt,
                    nothingLeftToStop, rollbackNoLongerTheCall);
        }

        /** After go-live (CUTOVER COMPLETED), FAILED or a ROLLBACK STARTED there is less to call for. */
        Phases withCalls(Instant goLive, boolean nothingToStop, boolean noRollbackCall) {
            return new Phases(phase, status, name, phaseAt, syncOpen, openRehearsals, longestRehearsal,
                    longestRehearsalName, rehearsalEvidence, declaredWindow, windowEventId, finalSyncAt, cutover,
                    goLive, nothingToStop, noRollbackCall);
        }
    }

    /**
     * A cutover: its clock runs from {@code startedAt} until {@code endedAt}.
     *
     * @param endedBy      CUTOVER COMPLETED, CUTOVER FAILED or ROLLBACK STARTED
     * @param overrunFired the overrun has fired in this cutover (it fires once, even after a GO answered it)
     */
    public record Cutover(Instant startedAt, String startEventId, Instant endedAt, String endedBy,
                          boolean overrunFired) {

        boolean running() {
            return endedAt == null;
        }
    }

    /** A chunk of a table ({@code chunk} is {@code ""} for the whole table). */
    public record ChunkRef(String table, String chunk) {
    }

    /**
     * Integrity of one table: its chunks by label ({@code ""} = the whole table), and those of them still open (see
     * {@link #open(ChunkState)}). Every other chunk is a settled match whatever the clock, so a status of a table of
     * 500,000 chunks looks at what is open in it, not at all of them.
     */
    public record TableIntegrity(Map<String, ChunkState> chunks, Map<String, ChunkState> open) {

        static final TableIntegrity EMPTY = new TableIntegrity(Map.of(), Map.of());

        /** {@code open} null (a state written before it was kept): found among the chunks. */
        public TableIntegrity {
            chunks = Maps.frozen(chunks);
            open = Maps.frozen(open == null ? openAmong(chunks) : open);
        }

        /** A table of these chunks, its open ones found among them. */
        public static TableIntegrity of(Map<String, ChunkState> chunks) {
            return new TableIntegrity(chunks, null);
        }

        private static Map<String, ChunkState> openAmong(Map<String, ChunkState> chunks) {
            Map<String, ChunkState> open = new LinkedHashMap<>();
            chunks.forEach((chunk, state) -> {
                if (open(state)) {
                    open.put(chunk, state);
                }
            });
            return open;
        }

        TableIntegrity with(String chunk, ChunkState state) {
            return new TableIntegrity(Maps.with(chunks, chunk, state),
                    open(state) ? Maps.with(open, chunk, state) : Maps.without(open, chunk));
        }

        /**
         * Whether a chunk's integrity is still open: a mismatch, a side waiting for its partner, or no match yet. Its
         * status depends on the clock (pending turns unverified); a chunk whose last comparison matched with nothing
         * waiting is matched until a report changes it.
         */
        public static boolean open(ChunkState c) {
            return c.mismatch() != null || !Boolean.TRUE.equals(c.lastMatched()) || c.waiting().findAny().isPresent();
        }
    }

    /**
     * One chunk (or whole table): the last comparison of both sides, sides waiting for a partner, and the
     * mismatch episode that is open.
     */
    public record ChunkState(Boolean lastMatched, String lastRunId, Instant lastComparedAt, Long sourceRows,
                             Long targetRows, List<PendingSide> pending, Mismatch mismatch) {

        static final ChunkState NONE = new ChunkState(null, null, null, null, null, List.of(), null);

        public ChunkState {
            pending = pending == null ? List.of() : List.copyOf(pending);
            // a run id is shared by the thousands of chunks it checked: one copy, not one per chunk
            lastRunId = lastRunId == null ? null : lastRunId.intern();
        }

        /** The sides reported since the last comparison, waiting for their partner. */
        public Stream<PendingSide> waiting() {
            return pending.stream().filter(p -> lastComparedAt == null || p.reportedAt().isAfter(lastComparedAt));
        }
    }

    /** One side of a reconciliation run waiting for its partner. */
    public record PendingSide(String runId, boolean source, long rowCount, String checksum, String eventId,
                              Instant reportedAt) {
    }

    /**
     * An open mismatch of a chunk: one integrity error once it counts.
     *
     * @param countedAt when it became an integrity error (null while it waits for confirmDelay); its
     *                  integrity-mismatch episode is open from then on
     */
    public record Mismatch(Instant firstReportAt, String firstRunId, String type, List<String> evidence,
                           Instant countedAt) {

        public Mismatch {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * Integrity errors counted in the fixed window of the current cutover.
     *
     * @param fired the integrity-errors trigger has fired for this window (it fires once per cutover)
     */
    public record IntegrityWindow(List<CountedError> errors, boolean fired) {

        static final IntegrityWindow NONE = new IntegrityWindow(List.of(), false);

        public IntegrityWindow {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    /** One distinct integrity error: a mismatch episode of a chunk, counted at {@code at}. */
    public record CountedError(String subject, Instant at, List<String> evidence) {

        public CountedError {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * Throughput: records summed over components per interval end, kept for the trailing hours and the open
     * rehearsal or cutover; the peaks of completed phases.
     *
     * @param buckets       by interval end, oldest first (a persistent list: an insert or a prune shares the rest)
     * @param belowSince    during a cutover sync, since when the trailing-hour rate has been under target
     * @param windowEnd     the moment {@code windowRecords} is the trailing hour of (null: not computed yet)
     * @param windowRecords records with interval end in (windowEnd − 1 h, windowEnd], kept as the clock moves so
     *                      the rate costs the buckets that enter and leave the hour, not all of them
     */
    public record Throughput(List<Bucket> buckets, Instant belowSince, List<PhasePeak> peaks, Instant windowEnd,
                             long windowRecords) {

        static final Throughput NONE = new Throughput(List.of(), null, List.of(), null, 0);

        public Throughput {
            buckets = buckets == null ? TreePVector.empty()
                    : buckets instanceof PVector<Bucket> persistent ? persistent : TreePVector.from(buckets);
            peaks = peaks == null ? List.of() : List.copyOf(peaks);
        }

        /** The kept bucket of this interval end, if any (found in O(log n): the buckets are in end order). */
        public Optional<Bucket> bucketEnding(Instant end) {
            int at = ThroughputFloorPolicy.firstAtOrAfter(buckets, end);
            return at < buckets.size() && buckets.get(at).end().equals(end) ? Optional.of(buckets.get(at))
                    : Optional.empty();
        }
    }

    /** Records of all components with this interval end. */
    public record Bucket(Instant end, long records) {
    }

    /** The peak trailing-hour throughput of a completed rehearsal or cutover. */
    public record PhasePeak(String phase, long recordsPerHour, Instant at, Instant completedAt) {
    }

    /**
     * The latest report of one sync scope.
     *
     * @param runningSince the first event of the current RUNNING stretch
     * @param lastGrowthAt when recordsSynced last grew (or the stretch began)
     * @param samples      recordsSynced over the projection lookback (and the one just before it)
     */
    public record SyncProgress(String mode, String state, long recordsSynced, Long recordsTotal, Double lagSeconds,
                               Instant updatedAt, Instant runningSince, Instant lastGrowthAt, List<Sample> samples,
                               String eventId) {

        public SyncProgress {
            samples = samples == null ? List.of() : List.copyOf(samples);
        }
    }

    public record Sample(Instant at, long recordsSynced) {
    }

    /**
     * @param answered a GO answered this check's core-function-failure: nothing new fires until it passes once
     */
    public record CheckStatus(String kind, boolean passing, long failures, Instant lastAt, String detail,
                              boolean answered) {
    }

    public record JobStatus(String state, String runId, long failures, Instant lastAt) {
    }

    /**
     * An open alert episode.
     *
     * @param subject what the episode is about within its rule (a table and chunk, a check, a job, a phase)
     */
    public record FiringAlert(String rule, String subject, Severity severity, Action action, Instant at,
                              List<String> evidence, String decisionMaker, Duration respondWithin, String summary) {

        public FiringAlert {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * How far the latest reconciliation run of a table has come.
     *
     * @param startedAt the event time of the run's first progress report for the table
     * @param at        the event time of its latest one
     */
    public record TableProgress(String runId, long rowsDone, Long estimatedRows, String state, Instant startedAt,
                                Instant at) {
    }

    /**
     * The deadline of a ROLLBACK trigger FIRING: answered by ROLLBACK COMPLETED or a GO naming its rule.
     *
     * @param fired the rollback-deadline episode has fired (and is open until answered)
     */
    public record Deadline(String rule, Instant triggerAt, Instant dueAt, List<String> evidence, boolean fired) {

        public Deadline {
            evidence = List.copyOf(evidence);
        }
    }
}
