package io.cutovermonitor.validators.event;

import java.time.Instant;

/** {@code migration.throughput.v1}: records one component moved in an interval; summed over components. */
public record ThroughputEvent(String migrationId, String component, long records, Instant intervalStart,
                              Instant intervalEnd) implements EventData {

    @Override
    public EventType type() {
        return EventType.THROUGHPUT;
    }
}
