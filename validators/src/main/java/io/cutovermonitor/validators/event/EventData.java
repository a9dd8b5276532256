package io.cutovermonitor.validators.event;

/** The typed {@code data} of a telemetry event; one record per CloudEvents type. */
public sealed interface EventData
        permits PhaseEvent, SyncEvent, ReconciliationEvent, ThroughputEvent, JobEvent, CheckEvent, DecisionEvent,
        PlanEvent, ReconciliationProgressEvent {

    String migrationId();

    EventType type();
}
