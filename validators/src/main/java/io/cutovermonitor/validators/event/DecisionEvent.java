package io.cutovermonitor.validators.event;

/**
 * {@code migration.decision.v1}: a person's go / no-go / rollback call with a reason. A {@code GO} naming a
 * rollback trigger's rule answers that trigger.
 *
 * @param rule    the rule the decision answers; may be null
 * @param account the API account that recorded it (the decision API writes it beside {@code by}, the person's own
 *                words); may be null
 */
public record DecisionEvent(String migrationId, Decision decision, String by, String reason, String rule,
                            String account)
        implements EventData {

    public enum Decision { GO, NO_GO, ROLLBACK }

    @Override
    public EventType type() {
        return EventType.DECISION;
    }
}
