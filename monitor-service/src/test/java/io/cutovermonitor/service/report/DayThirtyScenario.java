package io.cutovermonitor.service.report;

import io.cutovermonitor.validators.plan.MigrationPlan;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration that went by the book under the OMS plan and has reached the end of its 30 days of observation, with
 * answers known in advance:
 * <ol>
 * <li>preparation with the plan's 8 h window;</li>
 * <li>rehearsal-1 (4 h) peaks at {@value #REHEARSAL_1_PEAK} records/h, under the 50,000 target: the one alert,
 * {@code throughput-floor}, fires when it completes; rehearsal-2 (4 h 30 min) peaks at {@value #REHEARSAL_2_PEAK}
 * and resolves it;</li>
 * <li>the full sync and nightly incrementals; a GO to start the cutover;</li>
 * <li>the cutover from {@link #CUTOVER_START}: the FINAL sync, {@value #CUTOVER_PEAK} records/h at peak, every plan
 * table reconciled matching, the 15 jobs and the function checks pass, a GO for go-live, CUTOVER COMPLETED
 * {@link #CUTOVER_TOOK} later ({@link #GO_LIVE}), well inside the 6 h limit and the 8 h window;</li>
 * <li>30 days of parallel operation: every day the function checks, a parallel-run reconciliation of one table
 * (which grows by {@value #ROWS_PER_DAY} rows a day on both sides), the connectivity checks, the 15 nightly jobs;
 * nothing fails, no incident; OBSERVATION COMPLETED an hour after the period ends.</li>
 * </ol>
 * Checksums are SHA-256 in hex (64 characters), as some reconciliation tools report them: the longest values the
 * printed report has to fit.
 */
public final class DayThirtyScenario {

    private static final MigrationPlan PLAN = MigrationPlan.defaults();

    static final Instant CUTOVER_START = Instant.parse("2026-06-13T22:00:00Z");
    static final Duration CUTOVER_TOOK = Duration.ofMinutes(4 * 60 + 30);
    static final Instant GO_LIVE = CUTOVER_START.plus(CUTOVER_TOOK);
    static final Instant REHEARSAL_1_START = CUTOVER_START.minus(Duration.ofDays(14)).minus(Duration.ofHours(2));
    static final Instant REHEARSAL_1_END = REHEARSAL_1_START.plus(Duration.ofHours(4));
    static final Instant REHEARSAL_2_START = CUTOVER_START.minus(Duration.ofDays(7)).minus(Duration.ofHours(2));
    static final Instant REHEARSAL_2_END = REHEARSAL_2_START.plus(Duration.ofMinutes(4 * 60 + 30));
    static final long REHEARSAL_1_PEAK = 42_000;
    static final long REHEARSAL_2_PEAK = 54_000;
    static final long CUTOVER_PEAK = 60_000;
    static final int ROWS_PER_DAY = 100;
    static final String LEAD = "Taro Tanaka (Migration Lead)";

    /** Rows of each plan table at go-live. */
    static final Map<String, Long> ROWS_AT_GO_LIVE = rowsAtGoLive();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String migrationId;
    private final List<Draft> drafts = new ArrayList<>();

    private record Draft(Instant time, String source, String type, Map<String, Object> data) {
    }

    private DayThirtyScenario(String migrationId) {
        this.migrationId = migrationId;
    }

    /** The whole stream as structured CloudEvents, one JSON text each, in event-time order; ids {@code <id>-d0001}. */
    public static List<String> events(String migrationId) {
        DayThirtyScenario s = new DayThirtyScenario(migrationId);
        s.build();
        List<Draft> sorted = new ArrayList<>(s.drafts);
        sorted.sort(Comparator.comparing(Draft::time)); // stable: same-time events keep the story's order
        List<String> events = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Draft d = sorted.get(i);
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("specversion", "1.0");
            envelope.put("id", "%s-d%04d".formatted(migrationId, i + 1));
            envelope.put("source", d.source());
            envelope.put("type", d.type());
            envelope.put("time", d.time().toString());
            envelope.put("datacontenttype", "application/json");
            envelope.put("data", d.data());
            events.add(JSON.writeValueAsString(envelope));
        }
        return events;
    }

    /** The 64-hex checksum both sides report for a table at a row count. */
    static String checksum(String table, long rows) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((table + ":" + rows).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan tables in the order the parallel run reconciles them, one a day. */
    static List<String> tables() {
        return PLAN.tables();
    }

    private static Map<String, Long> rowsAtGoLive() {
        long[] rows = {60_000, 150_000, 48_000, 150_000, 36_000, 40_000, 12_000};
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < PLAN.tables().size(); i++) {
            map.put(PLAN.tables().get(i), rows[i]);
        }
        return Map.copyOf(map);
    }

    // ---------------------------------------------------------------------------------------------- the story

    private void build() {
        phase(CUTOVER_START.minus(Duration.ofDays(20)).minus(Duration.ofHours(13)), "PREPARATION", null, "STARTED",
                "PT8H");
        connectivityRound(CUTOVER_START.minus(Duration.ofDays(20)).minus(Duration.ofHours(12)));
        phase(CUTOVER_START.minus(Duration.ofDays(16)).minus(Duration.ofHours(5)), "PREPARATION", null, "COMPLETED",
                null);
        rehearsal("rehearsal-1", REHEARSAL_1_START, REHEARSAL_1_END, REHEARSAL_1_PEAK / 6);
        rehearsal("rehearsal-2", REHEARSAL_2_START, REHEARSAL_2_END, REHEARSAL_2_PEAK / 6);

        Instant syncStart = CUTOVER_START.minus(Duration.ofDays(5)).minus(Duration.ofHours(2));
        phase(syncStart, "SYNC", null, "STARTED", null);
        sync(syncStart.plus(minutes(10)), "FULL", 0, 496_000, "RUNNING");
        sync(syncStart.plus(minutes(130)), "FULL", 250_000, 496_000, "RUNNING");
        sync(syncStart.plus(minutes(250)), "FULL", 496_000, 496_000, "COMPLETED");
        for (int day = 4; day >= 1; day--) {
            Instant at = CUTOVER_START.minus(Duration.ofDays(day)).plus(Duration.ofHours(4));
            sync(at, "INCREMENTAL", 0, 9_000, "RUNNING");
            sync(at.plus(minutes(20)), "INCREMENTAL", 9_000, 9_000, "COMPLETED");
        }
        connectivityRound(CUTOVER_START.minus(Duration.ofHours(12)));
        decision(CUTOVER_START.minus(minutes(20)), "rehearsals passed inside the window, ERP API verified: start the "
                + "cutover");
        phase(CUTOVER_START.minus(minutes(2)), "SYNC", null, "COMPLETED", null);

        phase(CUTOVER_START, "CUTOVER", null, "STARTED", null);
        for (int step = 0; step < 5; step++) {
            sync(CUTOVER_START.plus(minutes(5 + 10L * step)), "FINAL", 12_000L * step, 60_000, "RUNNING");
        }
        sync(CUTOVER_START.plus(minutes(55)), "FINAL", 60_000, 60_000, "COMPLETED");
        throughputHour(CUTOVER_START, CUTOVER_PEAK / 6);
        reconcileAll(CUTOVER_START.plus(minutes(70)), "r-cut");
        jobs(CUTOVER_START.plus(minutes(90)), "cutover-smoke", minutes(5), true);
        functionRound(CUTOVER_START.plus(minutes(210)));
        connectivityRound(CUTOVER_START.plus(minutes(220)));
        decision(GO_LIVE.minus(minutes(15)), "all 7 tables reconciled matching (run r-cut), the 15 jobs and the "
                + "function checks passed: go-live");
        phase(GO_LIVE, "CUTOVER", null, "COMPLETED", null);
        phase(GO_LIVE.plus(minutes(1)), "OBSERVATION", null, "STARTED", null);

        for (int k = 0; k < PLAN.observation().days(); k++) {
            Instant day = GO_LIVE.plus(Duration.ofDays(k));
            functionRound(day.plus(Duration.ofHours(5)));
            String table = tables().get(k % tables().size());
            reconcile(day.plus(Duration.ofHours(6)), "par-%02d".formatted(k + 1), table,
                    ROWS_AT_GO_LIVE.get(table) + (long) ROWS_PER_DAY * (k + 1));
            connectivityRound(day.plus(Duration.ofHours(7)));
            jobs(day.plus(Duration.ofHours(22)), "night-%02d".formatted(k + 1), minutes(2), false);
        }
        phase(GO_LIVE.plus(PLAN.observation().period()).plus(Duration.ofHours(1)), "OBSERVATION", null, "COMPLETED",
                null);
    }

    /**
     * From {@code start}: the FINAL sync of the rehearsal's delta, an hour of throughput at {@code perTenMinutes}
     * a 10-minute interval (its peak is six of them), every table reconciled matching, the 15 jobs, the function
     * checks.
     */
    private void rehearsal(String name, Instant start, Instant end, long perTenMinutes) {
        phase(start, "REHEARSAL", name, "STARTED", null);
        sync(start.plus(minutes(10)), "FINAL", 0, 6 * perTenMinutes, "RUNNING");
        sync(start.plus(minutes(70)), "FINAL", 6 * perTenMinutes, 6 * perTenMinutes, "COMPLETED");
        throughputHour(start, perTenMinutes);
        reconcileAll(start.plus(minutes(80)), name + "-r");
        jobs(start.plus(minutes(100)), name, minutes(4), true);
        functionRound(start.plus(minutes(170)));
        phase(end, "REHEARSAL", name, "COMPLETED", null);
    }

    // ----------------------------------------------------------------------------------------- building blocks

    private static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    private Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("migrationId", migrationId);
        return d;
    }

    private void add(Instant time, String source, String type, Map<String, Object> data) {
        drafts.add(new Draft(time, source, type, data));
    }

    private void phase(Instant at, String phase, String name, String status, String window) {
        Map<String, Object> d = data();
        d.put("phase", phase);
        if (name != null) {
            d.put("name", name);
        }
        d.put("status", status);
        if (window != null) {
            d.put("maintenanceWindow", window);
        }
        add(at, "/oms/runbook", "migration.phase.v1", d);
    }

    private void sync(Instant at, String mode, long synced, long total, String state) {
        Map<String, Object> d = data();
        d.put("scope", "oms-oracle");
        d.put("mode", mode);
        d.put("recordsSynced", synced);
        d.put("recordsTotal", total);
        d.put("lagSeconds", state.equals("COMPLETED") ? 0 : 20);
        d.put("state", state);
        add(at, "/oms/hypermotion", "migration.sync.v1", d);
    }

    /** Six 10-minute intervals from {@code start}: the trailing hour at the sixth one's end is the phase's peak. */
    private void throughputHour(Instant start, long perTenMinutes) {
        for (int i = 1; i <= 6; i++) {
            Instant end = start.plus(minutes(10L + 10L * i));
            Map<String, Object> d = data();
            d.put("component", "hypermotion");
            d.put("records", perTenMinutes);
            d.put("intervalStart", end.minus(minutes(10)).toString());
            d.put("intervalEnd", end.toString());
            add(end.plusSeconds(5), "/oms/hypermotion", "migration.throughput.v1", d);
        }
    }

    private void reconcileAll(Instant from, String runId) {
        for (int i = 0; i < tables().size(); i++) {
            String table = tables().get(i);
            reconcile(from.plus(minutes(2L * i)), runId, table, ROWS_AT_GO_LIVE.get(table));
        }
    }

    /** Both sides of a whole table in one event, equal. */
    private void reconcile(Instant at, String runId, String table, long rows) {
        Map<String, Object> d = data();
        d.put("runId", runId);
        d.put("table", table);
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("rowCount", rows);
        side.put("checksum", checksum(table, rows));
        d.put("source", side);
        d.put("target", side);
        d.put("algorithm", "canonical-sha256");
        add(at, "/oms/reconciler", "migration.reconciliation.v1", d);
    }

    /** The plan's 15 jobs one after the other, all SUCCEEDED (with their STARTED when {@code withStart}). */
    private void jobs(Instant from, String runId, Duration spacing, boolean withStart) {
        Instant at = from;
        for (String job : PLAN.jobs()) {
            if (withStart) {
                job(at, job, runId, "STARTED");
            }
            job(at.plusSeconds(90), job, runId, "SUCCEEDED");
            at = at.plus(spacing);
        }
    }

    private void job(Instant at, String job, String runId, String state) {
        Map<String, Object> d = data();
        d.put("job", job);
        d.put("runId", runId);
        d.put("state", state);
        if (state.equals("SUCCEEDED")) {
            d.put("records", 5_000);
            d.put("durationSeconds", 90);
        }
        add(at, "/oms/aws-batch", "migration.job.v1", d);
    }

    private void functionRound(Instant at) {
        round(at, "FUNCTION");
    }

    private void connectivityRound(Instant at) {
        round(at, "CONNECTIVITY");
    }

    private void round(Instant at, String kind) {
        Instant time = at;
        for (MigrationPlan.PlannedCheck c : PLAN.checks()) {
            if (!c.kind().name().equals(kind)) {
                continue;
            }
            Map<String, Object> d = data();
            d.put("check", c.name());
            d.put("kind", kind);
            d.put("passed", true);
            d.put("latencyMs", 240);
            add(time, kind.equals("FUNCTION") ? "/oms/synthetic-checks" : "/oms/connectivity-probe",
                    "migration.check.v1", d);
            time = time.plusSeconds(30);
        }
    }

    private void decision(Instant at, String reason) {
        Map<String, Object> d = data();
        d.put("decision", "GO");
        d.put("by", LEAD);
        d.put("reason", reason);
        add(at, "/oms/cutover-monitor/decisions", "migration.decision.v1", d);
    }
}
