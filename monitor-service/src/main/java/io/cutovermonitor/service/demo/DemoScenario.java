package io.cutovermonitor.service.demo;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.Chunk;
import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent.ProgressState;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The OMS cutover the demo replays, generated from a seed rather than kept as a file of a thousand events. The story
 * (times are those of the OMS plan: the cutover starts on a Saturday at 22:00, here placed at {@code cutoverStart}):
 * <ol>
 * <li>day −27: PREPARATION (8 h window); connectivity checks of the legacy ERP API, Aurora and S3;</li>
 * <li>day −21: rehearsal-1: a FINAL sync of the rehearsal delta, reconciliation of every plan table in chunks, the
 * 15 batch jobs of the plan on AWS Batch (one fails and is rerun); its peak throughput stays under 50,000 records/h
 * ({@code throughput-floor});</li>
 * <li>day −14: rehearsal-2, faster (the warning resolves), with a rollback drill inside it; it lasts 5 h 35 min, so
 * the 8 h window is shorter than 1.5x the longest rehearsal ({@code window-reserve}); day −12 the window is
 * extended to 9 h (resolved);</li>
 * <li>day −10: SYNC: the FULL sync (496,000 records), a reconciliation (one chunk still in flight, cleared by a
 * recheck inside confirmDelay), nightly INCREMENTAL syncs; day −1 the ERP API fails its re-verification
 * ({@code connectivity}) and passes after the fix;</li>
 * <li>the hour before: the last incremental, a malformed record from a legacy scheduler bridge (dead-lettered),
 * connectivity checks, the Migration Lead's GO for the cutover;</li>
 * <li>22:00 CUTOVER: the FINAL sync with throughput from HyperMotion and AWS Batch (the projected finish moves),
 * reconciliation of every chunk: three chunks mismatch, which makes three integrity errors within 6 h of the start
 * ({@code integrity-mismatch} STOP, then the {@code integrity-errors} ROLLBACK trigger with its 2 h deadline); the
 * chunks are re-synced and match again; the Migration Lead answers the trigger with a GO naming it; the 15 jobs run
 * on the new platform, function checks pass; 03:25 CUTOVER COMPLETED;</li>
 * <li>30 observation days: nightly jobs, function and connectivity checks, a parallel-run reconciliation a day,
 * and four incidents that all clear (a failed job, a failing check, a mismatching chunk, the ERP API down for an
 * hour); OBSERVATION COMPLETED: ready for acceptance.</li>
 * </ol>
 * Deterministic: the same migration id, cutover start and seed give the same records, byte for byte.
 */
public final class DemoScenario {

    /**
     * One record of the demo stream.
     *
     * @param milestone what a person watching should know about it (phase changes, decisions), or null
     * @param pace      how the demo plays it (what of the night it belongs to)
     */
    public record Record(Instant time, String id, String type, byte[] value, String milestone, Pace pace) {

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** What of the story a record belongs to, for the pace the demo plays it at. */
    public enum Pace {
        /** up to go-live: the cutover night and what leads to it */
        CUTOVER_NIGHT,
        /** a decision naming a rollback trigger: in the war room that takes a person minutes */
        DECISION_ON_ROLLBACK_TRIGGER,
        /** after go-live: the 30 days of parallel operation */
        OBSERVATION
    }

    /** A table of the plan as the reconciler splits it: key ranges of {@code rowsPerChunk}. */
    record Table(String name, int chunks, int rowsPerChunk) {
    }

    static final List<Table> TABLES = List.of(new Table("orders", 3, 20_000), new Table("order_lines", 6, 25_000),
            new Table("purchase_orders", 2, 24_000), new Table("po_lines", 6, 25_000), new Table("inventory", 2, 18_000),
            new Table("customers", 2, 20_000), new Table("products", 1, 12_000));

    static final String MIGRATION_LEAD = "Migration Lead (T. Tanaka)";

    /**
     * Every source of the demo's events starts with this, so the ledger itself tells a demo migration (its report
     * is marked DEMO on every page) from a real one, across restarts.
     */
    public static final String SOURCE_PREFIX = "/cutover-monitor/demo";
    private static final String RUNBOOK = SOURCE_PREFIX + "/oms/runbook";
    private static final String HYPERMOTION = SOURCE_PREFIX + "/oms/hypermotion";
    private static final String AWS_BATCH = SOURCE_PREFIX + "/oms/aws-batch";
    private static final String RECONCILER = SOURCE_PREFIX + "/oms/reconciler";
    private static final String PROBE = SOURCE_PREFIX + "/oms/connectivity-probe";
    private static final String SYNTHETIC = SOURCE_PREFIX + "/oms/synthetic-checks";
    private static final String DECISIONS = SOURCE_PREFIX + "/oms/cutover-monitor/decisions";
    private static final String LEGACY_BRIDGE = SOURCE_PREFIX + "/oms/legacy-scheduler-bridge";

    private final String migrationId;
    private final Instant cutoverStart;
    private final Random random;
    private final MigrationPlan plan = MigrationPlan.defaults();
    private final List<Draft> drafts = new ArrayList<>();

    /**
     * An event of the story.
     *
     * @param asWritten what its tool makes of the contract's text (a tool that does not speak it yet writes its own
     *                  words)
     */
    private record Draft(Instant time, String source, EventData data, String milestone, UnaryOperator<String> asWritten) {
    }

    /** A sync's reported progress: samples (time → records synced) and when it completed. */
    private record SyncRun(TreeMap<Instant, Long> samples, Instant end) {
    }

    private DemoScenario(String migrationId, Instant cutoverStart, long seed) {
        this.migrationId = migrationId;
        this.cutoverStart = cutoverStart.truncatedTo(ChronoUnit.SECONDS);
        this.random = new Random(seed);
    }

    /** The whole stream, in event-time order, ids {@code <migrationId>-0001} onwards. */
    public static List<Record> generate(String migrationId, Instant cutoverStart, long seed) {
        DemoScenario s = new DemoScenario(migrationId, cutoverStart, seed);
        s.build();
        List<Draft> sorted = new ArrayList<>(s.drafts);
        sorted.sort(Comparator.comparing(Draft::time)); // stable: same-time events keep the story's order
        List<Record> records = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Draft d = sorted.get(i);
            String id = "%s-%04d".formatted(migrationId, i + 1);
            String text = d.asWritten().apply(CloudEventWriter.structured(id, d.source(), d.time(), d.data()));
            Pace pace = d.time().isAfter(s.goLive()) ? Pace.OBSERVATION
                    : d.data() instanceof DecisionEvent decision && decision.rule() != null
                    ? Pace.DECISION_ON_ROLLBACK_TRIGGER : Pace.CUTOVER_NIGHT;
            records.add(new Record(d.time(), id, d.data().type().ceType(), text.getBytes(StandardCharsets.UTF_8),
                    d.milestone(), pace));
        }
        return List.copyOf(records);
    }

    private void build() {
        preparation();
        rehearsal(1, -21, Duration.ofMinutes(4 * 60 + 45), 32_000, 9_000, null, "edi-inbound", false);
        rehearsal(2, -14, Duration.ofMinutes(5 * 60 + 35), 52_000, 14_000, "po_lines#2", null, true);
        phase(t(-12, 11, 0), "PREPARATION", null, "COMPLETED", "PT9H",
                "maintenance window extended to 9 h: rehearsal-2 took 5 h 35 min");
        syncPhase();
        leadIn();
        cutover();
        observation();
    }

    // ---------------------------------------------------------------------------------------------- the story

    private void preparation() {
        // the 8-hour maintenance window is the plan's (the demo puts the OMS plan as its own), not declared here:
        // a draft plan with another window then shows what it would change (README, "What if")
        phase(t(-27, 9, 0), "PREPARATION", null, "STARTED", null, "preparation (maintenance window 8 h, the plan's)");
        for (int day = -26; day <= -22; day++) {
            connectivityRound(t(day, 10, 0), null, null);
        }
    }

    /**
     * A rehearsal from 20:00: the FINAL sync of the rehearsal delta, reconciliation, the 15 jobs, function checks,
     * optionally a rollback drill; completes after {@code length}.
     */
    private void rehearsal(int n, int day, Duration length, int syncPerHour, int batchPerHour, String transientChunk,
                           String failingJob, boolean drill) {
        String name = "rehearsal-" + n;
        Instant start = t(day, 20, 0);
        phase(start, "REHEARSAL", name, "STARTED", null, name + " started");
        SyncRun sync = sync("oms-oracle", "FINAL", start.plus(minutes(10)), 60_000 + random.nextInt(2_000),
                syncPerHour, minutes(10), 30);
        throughputOf(sync, "hypermotion");
        Instant reconciled = reconcileAll(sync.end().plus(minutes(5)), Duration.ofSeconds(80), name + "-r1",
                Map.of(), transientChunk);
        Instant jobsDone = jobs(reconciled.plus(minutes(2)), name, minutes(5), true, failingJob);
        batchThroughput(start.plus(minutes(10)), jobsDone, batchPerHour);
        functionRound(jobsDone.plus(minutes(3)), null, null);
        if (drill) {
            Instant rollback = jobsDone.plus(minutes(15));
            phase(rollback, "ROLLBACK", "rollback-drill", "STARTED", null, "rollback drill inside " + name);
            connectivityRound(rollback.plus(minutes(60)), null, null);
            phase(rollback.plus(minutes(70)), "ROLLBACK", "rollback-drill", "COMPLETED", null,
                    "rollback drill completed: DNS back on the legacy OMS, legacy database access verified");
        }
        phase(start.plus(length), "REHEARSAL", name, "COMPLETED", null, name + " completed after " + text(length));
    }

    private void syncPhase() {
        phase(t(-10, 20, 0), "SYNC", null, "STARTED", null, "sync phase: full sync, then nightly incrementals");
        SyncRun full = sync("oms-oracle", "FULL", t(-10, 20, 10), 496_000, 62_000, minutes(30), 600);
        throughputOf(full, "hypermotion");
        reconcileAll(full.end().plus(minutes(20)), Duration.ofSeconds(70), "r-full", Map.of(), "order_lines#4");
        for (int day = -8; day <= -1; day++) {
            Instant start = t(day, 2, 0);
            long records = 8_000 + random.nextInt(8_000);
            sync(start, "oms-oracle", "INCREMENTAL", 0, null, 15 + random.nextInt(20), "RUNNING");
            sync(start.plus(minutes(15 + random.nextInt(25))), "oms-oracle", "INCREMENTAL", records, records,
                    random.nextInt(12), "COMPLETED");
        }
        // the plan: re-verify the legacy ERP API the day before the cutover
        connectivityRound(t(-1, 10, 0), "erp-api", "connect timed out after 5000 ms to erp-gw.oms.internal:443");
        check(t(-1, 14, 30), "erp-api", CheckKind.CONNECTIVITY, true, 240, "firewall rule for the AWS NAT gateway added");
    }

    private void leadIn() {
        long records = 6_000 + random.nextInt(1_000);
        sync(t(0, 21, 0), "oms-oracle", "INCREMENTAL", 0, null, 12, "RUNNING");
        // a tool that cannot yet speak the contract: its record is dead-lettered with the reason, the rest goes on
        drafts.add(new Draft(t(0, 21, 12), LEGACY_BRIDGE, new JobEvent(migrationId, "order-export", "legacy-7731",
                JobEvent.JobState.SUCCEEDED, null, null), null,
                text -> text.replace("\"state\":\"SUCCEEDED\"", "\"state\":\"DONE\"")));
        sync(t(0, 21, 18), "oms-oracle", "INCREMENTAL", records, records, 3, "COMPLETED");
        connectivityRound(t(0, 21, 30), null, null);
        decision(t(0, 21, 40), "GO", "rehearsals passed, ERP API re-verified, 9 h window confirmed: start the cutover",
                null);
        phase(t(0, 21, 58), "SYNC", null, "COMPLETED", null, null);
    }

    private void cutover() {
        phase(cutoverStart, "CUTOVER", null, "STARTED", null,
                "CUTOVER STARTED: the legacy OMS stops taking writes; limit 6 h");
        // the connectivity probe keeps checking the legacy ERP API, Aurora and S3 while the cutover runs
        for (Instant at = t(0, 22, 10); at.isBefore(t(1, 3, 0)); at = at.plus(minutes(15))) {
            connectivityRound(at, null, null);
        }
        SyncRun fin = sync("oms-oracle", "FINAL", t(0, 22, 5), 121_500, 78_000, minutes(5), 45);
        throughputOf(fin, "hypermotion");
        batchThroughput(t(0, 22, 0), fin.end(), 21_000);

        // reconciliation of every chunk: three differ, which is three integrity errors within 6 h of the start
        Map<String, String> mismatches = new LinkedHashMap<>();
        mismatches.put("orders#1", "row_count");
        mismatches.put("order_lines#3", "checksum");
        mismatches.put("inventory#0", "checksum");
        Instant reconciled = reconcileAll(fin.end().plus(minutes(6)), Duration.ofSeconds(150), "r-cut-1",
                mismatches, null);

        // the rows a CDC filter dropped are copied again, and the three chunks verified
        Instant resync = reconciled.plus(minutes(5));
        long copied = 0;
        int i = 0;
        for (String key : mismatches.keySet()) {
            Table table = table(key);
            Instant at = resync.plusSeconds(40L * i++);
            sync(at, table.name(), "INCREMENTAL", 0, (long) table.rowsPerChunk(), 8, "RUNNING");
            sync(at.plus(minutes(5)), table.name(), "INCREMENTAL", table.rowsPerChunk() / 2,
                    (long) table.rowsPerChunk(), 5, "RUNNING");
            sync(at.plus(minutes(12)), table.name(), "INCREMENTAL", table.rowsPerChunk(), (long) table.rowsPerChunk(),
                    0, "COMPLETED");
            copied += table.rowsPerChunk();
        }
        throughput(resync.plus(minutes(15)), "hypermotion", copied);
        Instant recheck = resync.plus(minutes(20));
        i = 0;
        for (String key : mismatches.keySet()) {
            reconcile(recheck.plusSeconds(90L * i++), "r-cut-2", table(key), chunkOf(key), null);
        }
        // the decision maker answers some 25 minutes before the trigger's 2 h deadline
        decision(t(1, 2, 5), "GO", "the three mismatching chunks were rows a CDC filter dropped; re-synced and "
                + "verified by run r-cut-2: go-live", MigrationPlan.INTEGRITY_ERRORS);

        Instant jobsDone = jobs(t(1, 2, 10), "cutover-smoke", Duration.ofSeconds(210), true, "returns-import");
        batchThroughput(t(1, 2, 5), jobsDone, 12_000);
        functionRound(t(1, 3, 10), null, null);
        connectivityRound(t(1, 3, 15), null, null);
        Instant goLive = goLive();
        phase(goLive, "CUTOVER", null, "COMPLETED", null,
                "CUTOVER COMPLETED after " + text(Duration.between(cutoverStart, goLive)) + ": go-live");
        phase(goLive.plus(minutes(1)), "OBSERVATION", null, "STARTED", null, "30 days of parallel operation");
    }

    /** CUTOVER COMPLETED: Sunday 03:25, 5 h 25 min after the start (the limit is 6 h). */
    private Instant goLive() {
        return t(1, 3, 25);
    }

    private void observation() {
        Instant goLive = goLive();
        Table inventory = TABLES.stream().filter(tb -> tb.name().equals("inventory")).findFirst().orElseThrow();
        for (int k = 0; k < plan.observation().days(); k++) {
            Instant day = goLive.plus(Duration.ofDays(k));
            functionRound(day.plus(Duration.ofHours(5)), null, null);
            // a parallel-run reconciliation of one table a day
            Table table = k == 14 || k == 15 ? inventory : TABLES.get(k % TABLES.size());
            Instant at = day.plus(Duration.ofHours(6));
            for (int c = 0; c < table.chunks(); c++) {
                String mismatch = k == 14 && c == 1 ? "checksum" : null;
                reconcile(at.plusSeconds(60L * c), "par-%02d".formatted(k + 1), table, c, mismatch);
            }
            if (k == 21) {
                connectivityRound(day.plus(Duration.ofHours(7)), "erp-api", "HTTP 502 from erp-gw.oms.internal");
                check(day.plus(Duration.ofHours(8)), "erp-api", CheckKind.CONNECTIVITY, true, 310, null);
            } else {
                connectivityRound(day.plus(Duration.ofHours(7)), null, null);
            }
            functionRound(day.plus(Duration.ofHours(17)), k == 8 ? "shipment-tracking" : null,
                    "carrier tracking API answered 503 for 12 of 40 probes");
            jobs(day.plus(Duration.ofHours(22)), DateTimeFormatter.ISO_LOCAL_DATE.format(
                    day.plus(Duration.ofHours(22)).atZone(ZoneOffset.UTC)), minutes(7), false,
                    k == 2 ? "returns-import" : null);
        }
        phase(goLive.plus(plan.observation().period()).plus(Duration.ofHours(1)), "OBSERVATION", null, "COMPLETED",
                null, "observation period over: ready for acceptance");
    }

    // ----------------------------------------------------------------------------------------- building blocks

    /** {@code day} days from the cutover's Saturday, at hh:mm (the cutover starts at 22:00 of day 0). */
    private Instant t(int day, int hour, int minute) {
        return cutoverStart.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour - 22L)).plus(minutes(minute));
    }

    private static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    private void add(Instant time, String source, EventData data, String milestone) {
        drafts.add(new Draft(time.truncatedTo(ChronoUnit.SECONDS), source, data, milestone, UnaryOperator.identity()));
    }

    private void phase(Instant at, String phase, String name, String status, String window, String milestone) {
        add(at, RUNBOOK, new PhaseEvent(migrationId, PhaseEvent.Phase.valueOf(phase), name,
                PhaseEvent.PhaseStatus.valueOf(status), window == null ? null : Duration.parse(window)), milestone);
    }

    private void sync(Instant at, String scope, String mode, long synced, Long total, Integer lag, String state) {
        add(at, HYPERMOTION, new SyncEvent(migrationId, scope, SyncEvent.SyncMode.valueOf(mode), synced, total,
                lag == null ? null : lag.doubleValue(), SyncEvent.SyncState.valueOf(state)), null);
    }

    /**
     * A sync from {@code start}: RUNNING reports every {@code every} at about {@code perHour}, then COMPLETED. The
     * lag shrinks from {@code lag} to 0.
     */
    private SyncRun sync(String scope, String mode, Instant start, long total, int perHour, Duration every, int lag) {
        TreeMap<Instant, Long> samples = new TreeMap<>();
        long synced = 0;
        Instant at = start;
        double perStep = perHour * (every.toSeconds() / 3600.0);
        int steps = (int) Math.ceil(total / perStep);
        for (int step = 0; synced < total; step++) {
            int lagNow = (int) Math.max(0, Math.round(lag * (1 - (double) step / steps)));
            sync(at, scope, mode, synced, total, lagNow, "RUNNING");
            samples.put(at, synced);
            at = at.plus(every);
            synced = Math.min(total, synced + Math.round(perStep * (0.85 + 0.3 * random.nextDouble())));
        }
        sync(at, scope, mode, total, total, 0, "COMPLETED");
        samples.put(at, total);
        return new SyncRun(samples, at);
    }

    /** The sync's growth per 10-minute interval, as the replication tool's throughput reports. */
    private void throughputOf(SyncRun sync, String component) {
        Instant first = sync.samples().firstKey();
        Instant end = first.truncatedTo(ChronoUnit.HOURS);
        while (!end.isAfter(first)) {
            end = end.plus(minutes(10));
        }
        Instant last = sync.end().plus(minutes(10));
        for (; end.isBefore(last); end = end.plus(minutes(10))) {
            long records = progressAt(sync, end) - progressAt(sync, end.minus(minutes(10)));
            if (records > 0) {
                throughput(end, component, records);
            }
        }
    }

    private static long progressAt(SyncRun sync, Instant at) {
        Map.Entry<Instant, Long> e = sync.samples().floorEntry(at);
        return e == null ? 0 : e.getValue();
    }

    /** AWS Batch's loaders (documents, attachments, job output) at about {@code perHour}, per 10 minutes. */
    private void batchThroughput(Instant from, Instant to, int perHour) {
        for (Instant end = from.plus(minutes(10)); !end.isAfter(to.plus(minutes(9))); end = end.plus(minutes(10))) {
            throughput(end, "aws-batch", Math.round(perHour / 6.0 * (0.88 + 0.24 * random.nextDouble())));
        }
    }

    private void throughput(Instant intervalEnd, String component, long records) {
        add(intervalEnd.plusSeconds(5 + random.nextInt(30)), component.equals("aws-batch") ? AWS_BATCH : HYPERMOTION,
                new ThroughputEvent(migrationId, component, records, intervalEnd.minus(minutes(10)), intervalEnd), null);
    }

    /**
     * Every chunk of every plan table, one every {@code spacing}. {@code mismatches} ({@code table#chunk} → type)
     * differ and stay so; {@code transientChunk} differs once and matches on a recheck six minutes later (rows still
     * in flight, cleared inside confirmDelay). Returns when the run ended.
     */
    private Instant reconcileAll(Instant from, Duration spacing, String runId, Map<String, String> mismatches,
                                 String transientChunk) {
        Instant at = from;
        for (Table table : TABLES) {
            long estimate = (long) table.chunks() * table.rowsPerChunk();
            progress(at, runId, table, 0, estimate, ProgressState.RUNNING);
            for (int c = 0; c < table.chunks(); c++) {
                String key = table.name() + "#" + c;
                boolean inFlight = key.equals(transientChunk);
                reconcile(at, runId, table, c, inFlight ? "row_count" : mismatches.get(key));
                if (inFlight) {
                    reconcile(at.plus(minutes(6)), runId + "-recheck", table, c, null);
                }
                at = at.plus(spacing).plusSeconds(random.nextInt(20));
                long done = (long) (c + 1) * table.rowsPerChunk();
                progress(at, runId, table, done, estimate,
                        c + 1 == table.chunks() ? ProgressState.COMPLETED : ProgressState.RUNNING);
            }
        }
        return at;
    }

    /** How far the reconciler has come in a table, as it reports while it reads. */
    private void progress(Instant at, String runId, Table table, long rowsDone, long estimate, ProgressState state) {
        add(at, RECONCILER, new ReconciliationProgressEvent(migrationId, runId, table.name(), rowsDone, estimate, state),
                null);
    }

    /** Both sides of one chunk; {@code mismatch} null (equal), {@code row_count} or {@code checksum}. */
    private void reconcile(Instant at, String runId, Table table, int chunk, String mismatch) {
        long lower = (long) chunk * table.rowsPerChunk() + 1;
        long rows = table.rowsPerChunk();
        String checksum = checksum();
        long targetRows = "row_count".equals(mismatch) ? rows - 3 - random.nextInt(20) : rows;
        String targetChecksum = mismatch == null ? checksum : checksum();
        add(at, RECONCILER, new ReconciliationEvent(migrationId, runId, table.name(),
                Chunk.ofRange(String.valueOf(lower), String.valueOf(lower + rows - 1)),
                new ReconciliationEvent.Side(rows, checksum), new ReconciliationEvent.Side(targetRows, targetChecksum),
                "canonical-sha256"), null);
    }

    private String checksum() {
        return "%016x".formatted(random.nextLong());
    }

    /**
     * The plan's 15 batch jobs one after the other from {@code from}; {@code failing} fails (and, when
     * {@code withStart}, is rerun successfully at the end). Returns when the last one finished.
     */
    private Instant jobs(Instant from, String runId, Duration spacing, boolean withStart, String failing) {
        Instant at = from;
        Instant done = from;
        for (String job : plan.jobs()) {
            long seconds = 45 + random.nextInt(Math.max(60, (int) spacing.toSeconds() - 60));
            if (withStart) {
                job(at, job, runId, "STARTED", null, null);
            }
            Instant end = at.plusSeconds(seconds);
            boolean fails = job.equals(failing);
            job(end, job, runId, fails ? "FAILED" : "SUCCEEDED", fails ? null : 2_000L + random.nextInt(58_000),
                    seconds);
            done = end;
            at = at.plus(spacing);
        }
        if (failing != null && withStart) {
            job(at, failing, runId + "-rerun", "STARTED", null, null);
            done = at.plusSeconds(180);
            job(done, failing, runId + "-rerun", "SUCCEEDED", 2_000L + random.nextInt(20_000), 180L);
        }
        return done;
    }

    private void job(Instant at, String job, String runId, String state, Long records, Long seconds) {
        add(at, AWS_BATCH, new JobEvent(migrationId, job, runId, JobEvent.JobState.valueOf(state), records,
                seconds == null ? null : seconds.doubleValue()), null);
    }

    private void functionRound(Instant at, String failing, String detail) {
        round(at, CheckKind.FUNCTION, failing, detail);
    }

    private void connectivityRound(Instant at, String failing, String detail) {
        round(at, CheckKind.CONNECTIVITY, failing, detail);
    }

    private void round(Instant at, CheckKind kind, String failing, String detail) {
        Instant time = at;
        for (MigrationPlan.PlannedCheck c : plan.checks()) {
            if (c.kind() != kind) {
                continue;
            }
            boolean fails = c.name().equals(failing);
            check(time, c.name(), kind, !fails, fails ? 5_000 : 80 + random.nextInt(700), fails ? detail : null);
            time = time.plusSeconds(20 + random.nextInt(40));
        }
    }

    private void check(Instant at, String name, CheckKind kind, boolean passed, int latencyMs, String detail) {
        add(at, kind == CheckKind.CONNECTIVITY ? PROBE : SYNTHETIC,
                new CheckEvent(migrationId, name, kind, passed, (double) latencyMs, detail), null);
    }

    private void decision(Instant at, String decision, String reason, String rule) {
        add(at, DECISIONS, new DecisionEvent(migrationId, DecisionEvent.Decision.valueOf(decision), MIGRATION_LEAD,
                reason, rule, null),
                decision + (rule == null ? "" : " answering " + rule) + " by " + MIGRATION_LEAD + ": " + reason);
    }

    private static Table table(String key) {
        String name = key.substring(0, key.indexOf('#'));
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static int chunkOf(String key) {
        return Integer.parseInt(key.substring(key.indexOf('#') + 1));
    }

    private static String text(Duration d) {
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
