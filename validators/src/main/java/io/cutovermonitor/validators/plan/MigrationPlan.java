package io.cutovermonitor.validators.plan;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The migration plan a cutover is judged against (SPEC section 4): every number of the plan is a setting here.
 * {@link #defaults()} carries the OMS cloud migration plan, which also applies to a migration that has no plan of
 * its own ({@link #defaultPlan()} is then true, so the status can flag it).
 *
 * @param name         the plan's name, e.g. {@code oms-cloud-migration}
 * @param coreFunctions FUNCTION checks whose failure after the FINAL sync is a rollback trigger
 * @param rollback     the procedure of each ROLLBACK rule, by rule id
 * @param tables       the tables the migration moves (bounds metric labels; rules judge any table)
 * @param jobs         the batch jobs the migration runs (bounds metric labels)
 * @param checks       the checks the migration runs (bounds metric labels)
 * @param defaultPlan  true when this is the built-in fallback plan rather than one written for the migration
 * @param reconciliation when the monitor runs reconciliations itself; null: only when asked
 */
public record MigrationPlan(String name, Integrity integrity, Cutover cutover, Throughput throughput,
                            List<String> coreFunctions, Observation observation, Telemetry telemetry,
                            Map<String, RollbackProcedure> rollback, List<String> tables, List<String> jobs,
                            List<PlannedCheck> checks, boolean defaultPlan, ReconciliationSchedule reconciliation) {

    public static final String INTEGRITY_ERRORS = "integrity-errors";
    public static final String CUTOVER_OVERRUN = "cutover-overrun";
    public static final String CORE_FUNCTION_FAILURE = "core-function-failure";

    /** The rules whose action is ROLLBACK: each needs a procedure. */
    public static final List<String> ROLLBACK_RULES = List.of(INTEGRITY_ERRORS, CUTOVER_OVERRUN, CORE_FUNCTION_FAILURE);

    public MigrationPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(cutover, "cutover");
        Objects.requireNonNull(throughput, "throughput");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(telemetry, "telemetry");
        coreFunctions = List.copyOf(coreFunctions);
        rollback = Map.copyOf(rollback);
        tables = List.copyOf(tables);
        jobs = List.copyOf(jobs);
        checks = List.copyOf(checks);
        for (String rule : ROLLBACK_RULES) {
            if (!rollback.containsKey(rule)) {
                throw new IllegalArgumentException("the plan has no rollback procedure for " + rule);
            }
        }
    }

    /**
     * Integrity settings.
     *
     * @param errorsThreshold distinct integrity errors that make a rollback trigger
     * @param errorsWindow    the fixed window from CUTOVER STARTED in which they are counted
     * @param confirmDelay    how long a mismatch must stand before the FINAL sync before it counts
     * @param pairTimeout     how long a side reported alone is "pending" before it shows as "unverified"
     */
    public record Integrity(int errorsThreshold, Duration errorsWindow, Duration confirmDelay, Duration pairTimeout) {
    }

    /**
     * Cutover settings.
     *
     * @param maxDuration         the cutover must complete within this of CUTOVER STARTED
     * @param maintenanceWindow   the window the cutover is given unless a phase event declares one
     * @param windowReserveFactor the window must be at least this times the longest completed rehearsal
     * @param projectionLookback  the projected finish uses the sync rate over this much event time
     */
    public record Cutover(Duration maxDuration, Duration maintenanceWindow, double windowReserveFactor,
                          Duration projectionLookback) {
    }

    /**
     * Throughput settings.
     *
     * @param targetPerHour records per hour (summed over components) a rehearsal or cutover must reach at peak
     * @param belowFor      how long the trailing-hour rate may stay under target during a cutover sync
     */
    public record Throughput(long targetPerHour, Duration belowFor) {
    }

    /** @param days length of the parallel-operation (observation) period after go-live, in 24 h days */
    public record Observation(int days) {

        public Duration period() {
            return Duration.ofDays(days);
        }
    }

    /**
     * @param silence       during SYNC or CUTOVER, this much wall-clock time without an event is stale telemetry
     * @param liveThreshold a migration is live while its newest event arrived within this of its event time
     * @param maxLateness   an event stamped up to this much before the migration's newest event time is judged as
     *                      of its own time (and what it changes corrected); a later one is applied at the
     *                      migration's clock and counted
     */
    public record Telemetry(Duration silence, Duration liveThreshold, Duration maxLateness) {
    }

    /** Who decides a rollback, how soon, and the steps of the procedure. */
    public record RollbackProcedure(String decisionMaker, Duration respondWithin, List<String> steps) {

        public RollbackProcedure {
            Objects.requireNonNull(decisionMaker, "decisionMaker");
            Objects.requireNonNull(respondWithin, "respondWithin");
            steps = List.copyOf(steps);
        }
    }

    /** A check the migration runs. */
    public record PlannedCheck(String name, CheckKind kind) {
    }

    /**
     * The reconciliations the monitor runs itself, through two of its configured connections: one once the FINAL sync
     * completed (the data has moved: the decisive check of the night), and, with {@code observationEvery}, one per
     * period of the observation (the parallel run), each while the migration is live.
     *
     * @param tables           the tables compared (a different name on the target after {@code :}); the plan's own
     *                         tables when the section names none
     * @param observationEvery null: no runs during the observation
     * @param recheckDelay     how long a chunk that differed waits before it is compared again (null: the
     *                         reconciler's default, 30 s: rows still in flight are not reported)
     */
    public record ReconciliationSchedule(String source, String target, String sourceSchema, String targetSchema,
                                         List<String> tables, Duration observationEvery, Duration recheckDelay) {

        public ReconciliationSchedule {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            tables = List.copyOf(tables);
        }
    }

    public RollbackProcedure procedure(String rule) {
        return rollback.get(rule);
    }

    public boolean isCoreFunction(String check) {
        return coreFunctions.contains(check);
    }

    /** The OMS cloud migration plan (SPEC section 1), used for a migration without a plan of its own. */
    public static MigrationPlan defaults() {
        return DEFAULTS;
    }

    /** The same plan, marked as written for a migration (not the fallback). */
    public MigrationPlan asOwnPlan(String planName) {
        return new MigrationPlan(planName, integrity, cutover, throughput, coreFunctions, observation, telemetry,
                rollback, tables, jobs, checks, false, reconciliation);
    }

    private static final List<String> INTEGRITY_STEPS = List.of("stop the migration", "revert DNS to the legacy OMS",
            "restore legacy database access", "verify all connectivity");

    private static final MigrationPlan DEFAULTS = new MigrationPlan(
            "default (OMS cloud migration)",
            new Integrity(3, Duration.ofHours(6), Duration.ofMinutes(10), Duration.ofMinutes(30)),
            new Cutover(Duration.ofHours(6), Duration.ofHours(8), 1.5, Duration.ofMinutes(15)),
            new Throughput(50_000, Duration.ofMinutes(15)),
            List.of("order-receipt", "purchase-order"),
            new Observation(30),
            new Telemetry(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)),
            Map.of(INTEGRITY_ERRORS, new RollbackProcedure("Migration Lead", Duration.ofHours(2), INTEGRITY_STEPS),
                    CUTOVER_OVERRUN, new RollbackProcedure("Migration Lead", Duration.ofHours(2), INTEGRITY_STEPS),
                    CORE_FUNCTION_FAILURE, new RollbackProcedure("IT Infrastructure Department Manager",
                            Duration.ofHours(4), List.of("notify stakeholders", "roll back to the legacy environment",
                            "root-cause analysis and re-migration on the next business day"))),
            List.of("orders", "order_lines", "purchase_orders", "po_lines", "inventory", "customers", "products"),
            List.of("order-import", "order-export", "invoice-export", "returns-import", "inventory-sync",
                    "price-update", "supplier-sync", "stock-reconcile", "shipment-notify", "archive-orders",
                    "daily-report", "edi-inbound", "edi-outbound", "po-approval", "customer-sync"),
            List.of(new PlannedCheck("order-receipt", CheckKind.FUNCTION),
                    new PlannedCheck("purchase-order", CheckKind.FUNCTION),
                    new PlannedCheck("inventory-lookup", CheckKind.FUNCTION),
                    new PlannedCheck("shipment-tracking", CheckKind.FUNCTION),
                    new PlannedCheck("erp-api", CheckKind.CONNECTIVITY),
                    new PlannedCheck("aurora-writer", CheckKind.CONNECTIVITY),
                    new PlannedCheck("s3-archive", CheckKind.CONNECTIVITY)),
            true, null);
}
