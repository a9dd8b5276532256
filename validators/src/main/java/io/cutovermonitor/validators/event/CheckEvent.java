package io.cutovermonitor.validators.event;

/**
 * {@code migration.check.v1}: a function check (e.g. {@code order-receipt}) or a connectivity check
 * (e.g. {@code erp-api}) passed or failed.
 *
 * @param latencyMs may be null
 * @param detail    what the check saw; may be null
 */
public record CheckEvent(String migrationId, String check, CheckKind kind, boolean passed, Double latencyMs,
                         String detail) implements EventData {

    public enum CheckKind { FUNCTION, CONNECTIVITY }

    @Override
    public EventType type() {
        return EventType.CHECK;
    }
}
