package io.cutovermonitor.validators.event;

/**
 * {@code migration.plan.v1}: a plan was put for the migration ({@code PUT /api/migrations/{id}/plan}). Written only by
 * the plan API, sealed like a decision, so a plan change is part of the replayable history: whoever applies it
 * keeps it as the migration's next plan version and re-judges the migration's recorded events under it. It is not
 * telemetry: it moves no clock and no rule reads it.
 *
 * @param plan    the plan's text as it was put (YAML or JSON), valid for {@code PlanLoader}
 * @param by      who put it, in the API's words (the authenticated account)
 * @param account the API account that put it; may be null
 */
public record PlanEvent(String migrationId, String plan, String by, String account) implements EventData {

    @Override
    public EventType type() {
        return EventType.PLAN;
    }
}
