package io.cutovermonitor.validators.event;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvents {@code type} values of the telemetry contract. */
public enum EventType {
    PHASE("migration.phase.v1"),
    SYNC("migration.sync.v1"),
    RECONCILIATION("migration.reconciliation.v1"),
    RECONCILIATION_PROGRESS("migration.reconciliation.progress.v1"),
    THROUGHPUT("migration.throughput.v1"),
    JOB("migration.job.v1"),
    CHECK("migration.check.v1"),
    DECISION("migration.decision.v1"),
    /** written by the plan API: a plan change, kept as a plan version; no rule reads it */
    PLAN("migration.plan.v1");

    private final String ceType;

    EventType(String ceType) {
        this.ceType = ceType;
    }

    /** The CloudEvents type string, e.g. {@code migration.phase.v1}. */
    public String ceType() {
        return ceType;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
