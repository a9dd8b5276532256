package io.cutovermonitor.validators.event;

import java.time.Duration;

/**
 * {@code migration.phase.v1}: a phase of the migration started, completed or failed.
 *
 * @param name              e.g. {@code rehearsal-1}; pairs a rehearsal's STARTED with its COMPLETED; may be null
 * @param maintenanceWindow the window the cutover is given, overriding the plan's (the latest wins); may be null
 */
public record PhaseEvent(String migrationId, Phase phase, String name, PhaseStatus status, Duration maintenanceWindow)
        implements EventData {

    public enum Phase { PREPARATION, REHEARSAL, SYNC, CUTOVER, ROLLBACK, OBSERVATION }

    public enum PhaseStatus { STARTED, COMPLETED, FAILED }

    @Override
    public EventType type() {
        return EventType.PHASE;
    }
}
