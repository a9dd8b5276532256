package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.TelemetryEvent;

/**
 * A valid event the database refused for its data ({@link LedgerFailure#DATA}): never retried, dead-lettered as
 * {@code unstorable} with the database's message, so one such event cannot hold up the migrations behind it.
 */
class UnstorableEventException extends RuntimeException {

    private final String eventType;

    UnstorableEventException(TelemetryEvent event, Throwable failure) {
        super("the ledger refused the event with source " + event.source() + " and id " + event.id() + ": "
                + LedgerFailure.databaseMessage(failure), null, false, false);
        this.eventType = event.type().ceType();
    }

    String eventType() {
        return eventType;
    }
}
