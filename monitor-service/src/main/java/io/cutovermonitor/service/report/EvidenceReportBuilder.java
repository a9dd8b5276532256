package io.cutovermonitor.service.report;

import io.cutovermonitor.service.report.EvidenceReport.AlertEpisode;
import io.cutovermonitor.service.report.EvidenceReport.Answer;
import io.cutovermonitor.service.report.EvidenceReport.ChunkEvidence;
import io.cutovermonitor.service.report.EvidenceReport.CutoverRecord;
import io.cutovermonitor.service.report.EvidenceReport.Decision;
import io.cutovermonitor.service.report.EvidenceReport.History;
import io.cutovermonitor.service.report.EvidenceReport.Incident;
import io.cutovermonitor.service.report.EvidenceReport.IncidentDay;
import io.cutovermonitor.service.report.EvidenceReport.Observation;
import io.cutovermonitor.service.report.EvidenceReport.Peak;
import io.cutovermonitor.service.report.EvidenceReport.PhaseEntry;
import io.cutovermonitor.service.report.EvidenceReport.Proof;
import io.cutovermonitor.service.report.EvidenceReport.Rehearsal;
import io.cutovermonitor.service.report.EvidenceReport.RollbackTrigger;
import io.cutovermonitor.service.report.EvidenceReport.Side;
import io.cutovermonitor.service.report.EvidenceReport.SyncRun;
import io.cutovermonitor.service.report.EvidenceReport.TableEvidence;
import io.cutovermonitor.service.report.EvidenceReport.Throughput;
import io.cutovermonitor.service.report.EvidenceReport.Timeline;
import io.cutovermonitor.service.demo.DemoScenario;
import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.KnownMigrations;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.Counts;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationStatus;
import io.cutovermonitor.validators.rules.Rule;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link EvidenceReport} of a migration from the ledger: the applied events (parsed again from their
 * stored CloudEvent), the alert transitions, and the rule engine's state as {@link MigrationStatus} shows it.
 */
@Component
public class EvidenceReportBuilder {

    static final String WHOLE_TABLE = "whole table";

    private static final ReportFormat FORMAT = new ReportFormat();

    private final EventLedger ledger;
    private final AlertOutbox outbox;
    private final MigrationBook book;
    private final PlanRegistry plans;
    private final Clock clock;
    private final KnownMigrations known;

    public EvidenceReportBuilder(EventLedger ledger, AlertOutbox outbox, MigrationBook book, PlanRegistry plans,
                                 Clock clock, KnownMigrations known) {
        this.known = known;
        this.ledger = ledger;
        this.outbox = outbox;
        this.book = book;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * Whether the ledger still gives the digest a printed report carries, and if not, what changed: with the counts
     * the report printed beside its digest, a ledger that only grew since (events and alert transitions added after
     * those the report covered) is told from one whose covered content changed. Empty as {@link #build}.
     *
     * @param events how many ledger events the report was built from (printed beside its digest), or null
     * @param alerts how many alert transitions it covered, or null
     */
    public Optional<Verification> verify(String migrationId, String digest, Integer events, Integer alerts) {
        if (!known.isKnown(book.stateOf(migrationId))) {
            return Optional.empty();
        }
        List<TelemetryEvent> nowEvents = ledger.eventsOf(migrationId);
        List<AlertOutbox.Stored> nowAlerts = outbox.transitionsOf(migrationId);
        PlanRegistry.PlanVersion plan = plans.versionOf(migrationId);
        String now = LedgerDigest.of(nowEvents, nowAlerts, plan);
        String given = digest.strip().toLowerCase(Locale.ROOT);
        String finding;
        if (now.equals(given)) {
            finding = "unchanged: the ledger still gives this digest";
        } else if (events != null && alerts != null && events >= 0 && alerts >= 0 && events <= nowEvents.size() && alerts <= nowAlerts.size()
                && LedgerDigest.of(nowEvents.subList(0, events), nowAlerts.subList(0, alerts), plan).equals(given)) {
            finding = "grown: everything the report covered is unchanged; since then " + (nowEvents.size() - events)
                    + " event(s) and " + (nowAlerts.size() - alerts) + " alert transition(s) were added";
        } else {
            finding = "changed: the ledger no longer gives this digest; an event or alert transition the report "
                    + "covered was changed, removed or put in another order, an earlier-timed event arrived late, or "
                    + "the plan changed (now " + Objects.requireNonNullElse(plan.sha256(), "the default plan") + ")";
        }
        return Optional.of(new Verification(migrationId, now.equals(given), given, now, nowEvents.size(),
                nowAlerts.size(), finding));
    }

    /**
     * A printed report's digest against the ledger now.
     *
     * @param finding {@code unchanged: …}, {@code grown: …} or {@code changed: …}
     */
    public record Verification(String migrationId, boolean matches, String digest, String ledgerDigest, int events,
                               int alertTransitions, String finding) {
    }

    /** Empty for a migration the monitor knows nothing of: no applied event and no plan of its own. */
    public Optional<EvidenceReport> build(String migrationId) {
        MigrationState state = book.stateOf(migrationId);
        MigrationPlan plan = plans.planFor(migrationId);
        if (!known.isKnown(state)) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        MigrationStatus status = MigrationStatus.of(state, plan, now);
        Instant ledgerClock = status.eventTime() == null ? now : status.eventTime();
        List<TelemetryEvent> events = ledger.eventsOf(migrationId);
        List<AlertOutbox.Stored> transitions = outbox.transitionsOf(migrationId);
        List<AlertEpisode> alerts = alerts(transitions, ledgerClock);
        List<RollbackTrigger> triggers = rollbackTriggers(alerts, events);
        Instant goLive = state.phases().goLiveAt();
        PlanRegistry.PlanVersion planVersion = plans.versionOf(migrationId);
        boolean demo = events.stream().anyMatch(e -> e.source().startsWith(DemoScenario.SOURCE_PREFIX));
        return Optional.of(new EvidenceReport(migrationId, plan.name(), planVersion, demo, now, status.eventTime(),
                clocks(demo, now, status.eventTime()), status.phase(),
                events.size(), transitions.size(), LedgerDigest.of(events, transitions, planVersion),
                timeline(events, status, ledgerClock), tables(events, status, goLive), alerts,
                triggers, decisions(events), throughput(status),
                observation(events, alerts, status, goLive, plan),
                verdict(status, goLive, plan, ledgerClock, triggers), signatures(plan)));
    }

    /**
     * Which clock the figures use. Durations, observation days and "open for" run on the ledger clock (the
     * newest event's time), so a report of a replayed night reads as that night did; the generation time is the
     * monitor's wall clock. Said outright when the two are far apart, as in the demo, whose cutover plays ahead of
     * the wall clock.
     */
    static String clocks(boolean demo, Instant generatedAt, Instant ledgerClock) {
        String clocks = "All times UTC. Durations, observation days and open alerts are measured on the ledger clock "
                + "(the time of the newest event); 'Generated' is the monitor's own clock.";
        if (ledgerClock == null) {
            return clocks;
        }
        if (demo) {
            return clocks + " This is the built-in demo: it replays a cutover in compressed time with event times "
                    + "ahead of the wall clock, so its ledger clock lies after the generation time.";
        }
        if (ledgerClock.isAfter(generatedAt.plus(Duration.ofMinutes(5)))) {
            return clocks + " The ledger clock lies after the generation time: the events were produced with times "
                    + "ahead of this monitor's clock (a replay in compressed time, or a clock that is off).";
        }
        return clocks;
    }

    /** The migration lead signs, and every decision maker the plan names for a rollback trigger, once each. */
    static List<String> signatures(MigrationPlan plan) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("migration lead", "Migration lead");
        MigrationPlan.ROLLBACK_RULES.stream().map(plan::procedure).map(MigrationPlan.RollbackProcedure::decisionMaker)
                .filter(Objects::nonNull).forEach(role -> roles.putIfAbsent(role.toLowerCase(Locale.ROOT), role));
        return List.copyOf(roles.values());
    }

    // ---- timeline ----------------------------------------------------------------------------------------

    private static Timeline timeline(List<TelemetryEvent> events, MigrationStatus status, Instant ledgerClock) {
        List<PhaseEntry> phases = new ArrayList<>();
        Map<String, Instant> rehearsalStarts = new LinkedHashMap<>();
        List<Rehearsal> rehearsals = new ArrayList<>();
        Map<String, SyncRun> openSyncs = new LinkedHashMap<>();
        List<SyncRun> syncs = new ArrayList<>();
        List<CutoverRecord> cutovers = new ArrayList<>();
        Instant cutoverStart = null;
        for (TelemetryEvent e : events) {
            if (e.data() instanceof PhaseEvent p) {
                phases.add(new PhaseEntry(e.time(), p.phase().name(), p.name(), p.status().name(), e.id()));
                String name = Objects.requireNonNullElse(p.name(), "rehearsal");
                if (p.phase() == PhaseEvent.Phase.REHEARSAL) {
                    if (p.status() == PhaseEvent.PhaseStatus.STARTED) {
                        rehearsalStarts.put(name, e.time());
                    } else {
                        Instant start = rehearsalStarts.remove(name);
                        rehearsals.add(new Rehearsal(name, start, e.time(), p.status().name(),
                                start == null ? null : Duration.between(start, e.time()).toString()));
                    }
                } else if (p.phase() == PhaseEvent.Phase.CUTOVER) {
                    if (p.status() == PhaseEvent.PhaseStatus.STARTED) {
                        cutoverStart = e.time();
                    } else if (cutoverStart != null) {
                        cutovers.add(cutover(cutoverStart, e.time(), p.status().name(), status));
                        cutoverStart = null;
                    }
                }
            } else if (e.data() instanceof SyncEvent s) {
                String key = s.scope() + '\u0000' + s.mode();
                SyncRun open = openSyncs.get(key);
                Instant started = open == null ? e.time() : open.startedAt();
                boolean ended = s.state() != SyncEvent.SyncState.RUNNING;
                SyncRun run = new SyncRun(s.scope(), s.mode().name(), started, ended ? e.time() : null,
                        s.state().name(), s.recordsSynced(), s.recordsTotal(), e.id());
                if (ended) {
                    openSyncs.remove(key);
                    syncs.add(run);
                } else {
                    openSyncs.put(key, run);
                }
            }
        }
        rehearsalStarts.forEach((name, start) -> rehearsals.add(new Rehearsal(name, start, null, "RUNNING",
                Duration.between(start, ledgerClock).toString())));
        syncs.addAll(openSyncs.values());
        if (cutoverStart != null) {
            cutovers.add(cutover(cutoverStart, null, "RUNNING", status));
        }
        return new Timeline(phases, rehearsals, syncs, cutovers);
    }

    private static CutoverRecord cutover(Instant start, Instant end, String outcome, MigrationStatus status) {
        Duration took = end != null ? Duration.between(start, end)
                : Objects.requireNonNullElse(status.cutoverElapsed(), Duration.ZERO);
        Duration window = status.maintenanceWindow();
        Duration limit = status.cutoverLimit();
        return new CutoverRecord(start, end, outcome, took.toString(), window == null ? null : window.toString(),
                limit == null ? null : limit.toString(), window == null || took.compareTo(window) <= 0,
                limit == null || took.compareTo(limit) <= 0);
    }

    // ---- tables ------------------------------------------------------------------------------------------

    /**
     * Chunks in key order as a person reads them: the whole table first, then numbers compared as numbers, so
     * {@code 25001..50000} comes before {@code 100001..125000} and {@code chunk 2} before {@code chunk 10}.
     */
    static final Comparator<String> CHUNK_ORDER = EvidenceReportBuilder::compareChunks;

    private static final Pattern RUNS = Pattern.compile("[0-9]+|[^0-9]+");

    private static int compareChunks(String a, String b) {
        Matcher x = RUNS.matcher(a);
        Matcher y = RUNS.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int order;
            if (digits(p) && digits(q)) {
                order = new BigInteger(p).compareTo(new BigInteger(q));
            } else {
                order = p.compareTo(q);
            }
            if (order != 0) {
                return order;
            }
        }
        return a.compareTo(b); // consistent with equals: 0099 and 99 stay two chunks
    }

    /** A run of {@link #RUNS} is all ASCII digits or has none. */
    private static boolean digits(String run) {
        return run.charAt(0) >= '0' && run.charAt(0) <= '9';
    }

    /** Sides of one run of one chunk, reported together or one after the other. */
    private record Pairing(Side source, Side target) {
    }

    private static List<TableEvidence> tables(List<TelemetryEvent> events, MigrationStatus status, Instant goLive) {
        Map<String, Map<String, List<Proof>>> runs = new TreeMap<>();
        Map<String, Pairing> waiting = new LinkedHashMap<>();
        for (TelemetryEvent e : events) {
            if (!(e.data() instanceof ReconciliationEvent r)) {
                continue;
            }
            String chunk = r.chunk() == null ? "" : r.chunk().label();
            String key = r.table() + '\u0000' + chunk + '\u0000' + r.runId();
            Pairing pairing = waiting.getOrDefault(key, new Pairing(null, null));
            Side source = r.source() == null ? pairing.source()
                    : new Side(r.source().rowCount(), r.source().checksum(), e.id(), e.time());
            Side target = r.target() == null ? pairing.target()
                    : new Side(r.target().rowCount(), r.target().checksum(), e.id(), e.time());
            if (source == null || target == null) {
                waiting.put(key, new Pairing(source, target));
                continue;
            }
            waiting.remove(key);
            boolean matched = source.rowCount() == target.rowCount()
                    && (source.checksum() == null || target.checksum() == null
                    || source.checksum().equals(target.checksum()));
            runs.computeIfAbsent(r.table(), t -> new TreeMap<>(CHUNK_ORDER))
                    .computeIfAbsent(chunk, c -> new ArrayList<>())
                    .add(new Proof(r.runId(), source, target, matched, e.time()));
        }
        // tables the monitor judges but no complete pair proved yet
        status.tables().forEach((table, t) -> t.chunks().keySet().forEach(chunk ->
                runs.computeIfAbsent(table, x -> new TreeMap<>(CHUNK_ORDER))
                        .computeIfAbsent(chunk, c -> new ArrayList<>())));
        List<TableEvidence> tables = new ArrayList<>();
        runs.forEach((table, chunks) -> {
            var judged = status.tables().get(table);
            List<ChunkEvidence> evidence = new ArrayList<>();
            chunks.forEach((chunk, proofs) -> {
                var integrity = judged == null ? null : judged.chunks().get(chunk);
                evidence.add(chunkEvidence(chunk.isEmpty() ? WHOLE_TABLE : chunk,
                        integrity == null ? null : integrity.name(), proofs, goLive));
            });
            long sourceRows = evidence.stream().filter(c -> c.source() != null)
                    .mapToLong(c -> c.source().rowCount()).reduce(0, Counts::plus);
            long targetRows = evidence.stream().filter(c -> c.target() != null)
                    .mapToLong(c -> c.target().rowCount()).reduce(0, Counts::plus);
            tables.add(new TableEvidence(table, sourceRows, targetRows,
                    evidence.stream().allMatch(ChunkEvidence::matched), evidence));
        });
        return tables;
    }

    /**
     * The latest run of a part, the run that proved it at go-live (the last match before CUTOVER COMPLETED: what
     * the GO rested on, even when a later parallel-run check is the latest), and its whole history if it ever
     * mismatched.
     */
    private static ChunkEvidence chunkEvidence(String chunk, String integrity, List<Proof> proofs, Instant goLive) {
        Proof atGoLive = goLive == null ? null : proofs.stream()
                .filter(p -> p.matched() && !p.at().isAfter(goLive)).reduce((a, b) -> b).orElse(null);
        List<Proof> history = proofs.stream().allMatch(Proof::matched) ? List.of() : List.copyOf(proofs);
        if (proofs.isEmpty()) {
            return new ChunkEvidence(chunk, integrity, null, null, null, false, null, null, history);
        }
        Proof latest = proofs.get(proofs.size() - 1);
        return new ChunkEvidence(chunk, integrity, latest.runId(), latest.source(), latest.target(), latest.matched(),
                latest.at(), atGoLive, history);
    }

    // ---- alerts ------------------------------------------------------------------------------------------

    private static List<AlertEpisode> alerts(List<AlertOutbox.Stored> transitions, Instant ledgerClock) {
        Map<String, AlertEpisode> episodes = new LinkedHashMap<>();
        for (AlertOutbox.Stored t : transitions) {
            String key = t.episodeKey();
            Instant at = t.at();
            JsonNode data = t.data();
            if ("FIRING".equals(t.state())) {
                episodes.put(key, new AlertEpisode(t.rule(), t.severity(), t.action(), key, t.summary(),
                        texts(data.path("evidence")), at, null, null,
                        Duration.between(at, later(at, ledgerClock)).toString(), true, text(data, "decisionMaker"),
                        text(data, "respondWithin"),
                        Optional.ofNullable(text(data, "deadline")).map(Instant::parse).orElse(null),
                        texts(data.path("steps")), t.planVersion()));
            } else {
                AlertEpisode f = episodes.get(key);
                if (f != null) {
                    episodes.put(key, new AlertEpisode(f.rule(), f.severity(), f.action(), key, f.summary(),
                            f.evidence(), f.firedAt(), at, t.summary(), Duration.between(f.firedAt(), at).toString(),
                            false, f.decisionMaker(), f.respondWithin(), f.deadline(), f.steps(), f.planVersion()));
                }
            }
        }
        return List.copyOf(episodes.values());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    // ---- rollback triggers and decisions -----------------------------------------------------------------

    /**
     * Each ROLLBACK trigger with its answer: the first GO naming its rule, or ROLLBACK COMPLETED outside a
     * rehearsal, after it fired (as the rollback-deadline rule counts them).
     */
    private static List<RollbackTrigger> rollbackTriggers(List<AlertEpisode> alerts, List<TelemetryEvent> events) {
        List<RollbackTrigger> triggers = new ArrayList<>();
        for (AlertEpisode a : alerts) {
            if (!"ROLLBACK".equals(a.action())) {
                continue;
            }
            Answer answer = null;
            int openRehearsals = 0;
            for (TelemetryEvent e : events) {
                if (e.data() instanceof PhaseEvent p && p.phase() == PhaseEvent.Phase.REHEARSAL) {
                    openRehearsals += p.status() == PhaseEvent.PhaseStatus.STARTED ? 1 : -1;
                    openRehearsals = Math.max(0, openRehearsals);
                }
                if (e.time().isBefore(a.firedAt())) {
                    continue;
                }
                boolean inTime = a.deadline() == null || !e.time().isAfter(a.deadline());
                if (e.data() instanceof DecisionEvent d && d.decision() == DecisionEvent.Decision.GO
                        && a.rule().equals(d.rule())) {
                    answer = new Answer("GO decision", e.time(), d.by(), d.reason(), e.id(), inTime);
                } else if (e.data() instanceof PhaseEvent p && p.phase() == PhaseEvent.Phase.ROLLBACK
                        && p.status() == PhaseEvent.PhaseStatus.COMPLETED && openRehearsals == 0) {
                    answer = new Answer("ROLLBACK COMPLETED", e.time(), null, null, e.id(), inTime);
                }
                if (answer != null) {
                    break;
                }
            }
            triggers.add(new RollbackTrigger(a.rule(), a.episodeKey(), a.firedAt(), a.summary(), a.evidence(),
                    a.decisionMaker(), a.deadline(), answer != null, answer));
        }
        return triggers;
    }

    private static List<Decision> decisions(List<TelemetryEvent> events) {
        return events.stream()
                .filter(e -> e.data() instanceof DecisionEvent)
                .map(e -> {
                    DecisionEvent d = (DecisionEvent) e.data();
                    return new Decision(e.id(), e.time(), d.decision().name(), d.by(), d.reason(), d.rule(),
                            d.account());
                }).toList();
    }

    private static Throughput throughput(MigrationStatus status) {
        return new Throughput(status.throughputTarget(), status.throughputPeaks().stream()
                .map(p -> new Peak(p.phase(), p.recordsPerHour(), p.at(), p.completedAt(),
                        p.recordsPerHour() >= status.throughputTarget()))
                .toList());
    }

    // ---- observation and verdict -------------------------------------------------------------------------

    private static Observation observation(List<TelemetryEvent> events, List<AlertEpisode> alerts,
                                           MigrationStatus status, Instant goLive, MigrationPlan plan) {
        Map<Integer, List<Incident>> byDay = new TreeMap<>();
        Map<String, long[]> jobs = new TreeMap<>();
        Map<String, long[]> checks = new TreeMap<>();
        if (goLive != null) {
            alerts.stream().filter(a -> a.rule().equals(Rule.OBSERVATION_INCIDENT.id())).forEach(a ->
                    byDay.computeIfAbsent(dayOf(goLive, a.firedAt()), d -> new ArrayList<>())
                            .add(new Incident(a.firedAt(), a.resolvedAt(), a.summary(), a.open())));
            for (TelemetryEvent e : events) {
                if (e.time().isBefore(goLive)) {
                    continue;
                }
                if (e.data() instanceof JobEvent j && j.state() != JobEvent.JobState.STARTED) {
                    long[] h = jobs.computeIfAbsent(j.job(), x -> new long[2]);
                    h[0]++;
                    h[1] += j.state() == JobEvent.JobState.FAILED ? 1 : 0;
                } else if (e.data() instanceof CheckEvent c) {
                    long[] h = checks.computeIfAbsent(c.check(), x -> new long[2]);
                    h[0]++;
                    h[1] += c.passed() ? 0 : 1;
                }
            }
        }
        List<IncidentDay> incidents = new ArrayList<>();
        byDay.forEach((day, list) -> incidents.add(new IncidentDay(day,
                goLive.plus(Duration.ofDays(day - 1L)).atZone(ZoneOffset.UTC).toLocalDate(), list)));
        List<History> jobHistory = history(jobs);
        List<History> checkHistory = history(checks);
        return new Observation(goLive, status.observationDay(), status.observationDays(),
                goLive == null ? null : goLive.plus(plan.observation().period()), incidents, jobHistory,
                checkHistory, jobHistory.stream().mapToLong(History::runs).sum(),
                jobHistory.stream().mapToLong(History::failures).sum(),
                checkHistory.stream().mapToLong(History::runs).sum(),
                checkHistory.stream().mapToLong(History::failures).sum());
    }

    private static List<History> history(Map<String, long[]> counts) {
        List<History> history = new ArrayList<>();
        counts.forEach((name, h) -> history.add(new History(name, h[0], h[1])));
        return history;
    }

    /** Day 1 is the first 24 hours after go-live, as MigrationStatus counts observation days. */
    static int dayOf(Instant goLive, Instant at) {
        return (int) (Duration.between(goLive, at).toHours() / 24 + 1);
    }

    private static Verdict verdict(MigrationStatus status, Instant goLive, MigrationPlan plan, Instant ledgerClock,
                                   List<RollbackTrigger> triggers) {
        List<String> open = status.firing().stream()
                .filter(f -> f.rule().equals(Rule.OBSERVATION_INCIDENT.id()))
                .map(f -> f.summary() + " (since " + FORMAT.time(f.since()) + ")").toList();
        List<String> unanswered = triggers.stream().filter(t -> !t.answered())
                .map(t -> t.rule() + " fired " + FORMAT.time(t.firedAt()) + ": " + t.summary()).toList();
        return Verdict.of(new Verdict.Facts(goLive, status.observationDay(), status.observationDays(),
                goLive == null ? null : goLive.plus(plan.observation().period()), ledgerClock, open, unanswered,
                !plan.defaultPlan()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
