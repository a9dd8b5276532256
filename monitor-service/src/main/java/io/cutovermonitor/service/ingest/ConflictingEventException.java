package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.TelemetryEvent;

/** A second event with the (source, id) of a stored one but other content: not applied, dead-lettered. */
class ConflictingEventException extends RuntimeException {

    private final String eventType;

    ConflictingEventException(TelemetryEvent event) {
        super("conflict: an event with source " + event.source() + " and id " + event.id()
                + " is already applied with other content");
        this.eventType = event.type().ceType();
    }

    String eventType() {
        return eventType;
    }
}
