package io.cutovermonitor.validators.rules;

import java.util.Arrays;
import java.util.Optional;

/** The rules of the migration plan (SPEC section 4), with their severity and their usual action. */
public enum Rule {
    INTEGRITY_MISMATCH("integrity-mismatch", Severity.CRITICAL, Action.STOP),
    INTEGRITY_ERRORS("integrity-errors", Severity.CRITICAL, Action.ROLLBACK),
    CUTOVER_OVERRUN("cutover-overrun", Severity.CRITICAL, Action.ROLLBACK),
    CUTOVER_PROJECTED_OVERRUN("cutover-projected-overrun", Severity.WARNING, Action.NONE),
    WINDOW_RESERVE("window-reserve", Severity.WARNING, Action.NONE),
    THROUGHPUT_FLOOR("throughput-floor", Severity.WARNING, Action.NONE),
    CORE_FUNCTION_FAILURE("core-function-failure", Severity.CRITICAL, Action.ROLLBACK),
    CONNECTIVITY("connectivity", Severity.CRITICAL, Action.NONE),
    OBSERVATION_INCIDENT("observation-incident", Severity.WARNING, Action.NONE),
    ROLLBACK_DEADLINE("rollback-deadline", Severity.CRITICAL, Action.NONE),
    TELEMETRY_STALE("telemetry-stale", Severity.WARNING, Action.NONE);

    private final String id;
    private final Severity severity;
    private final Action action;

    Rule(String id, Severity severity, Action action) {
        this.id = id;
        this.severity = severity;
        this.action = action;
    }

    /** The rule's name in alerts, metrics and plans, e.g. {@code integrity-mismatch}. */
    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    /** The action the rule takes unless the phase of the migration leaves nothing to stop or roll back. */
    public Action action() {
        return action;
    }

    public boolean isRollbackTrigger() {
        return action == Action.ROLLBACK;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
