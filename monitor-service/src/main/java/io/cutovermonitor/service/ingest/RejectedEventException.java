package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.Rejection;

/**
 * A record that breaks the telemetry contract; never retried, always dead-lettered with its reason. Only strings
 * are kept: Spring Kafka carries a deserialization failure to the listener as a serialized exception.
 */
class RejectedEventException extends RuntimeException {

    private final String reason;
    private final String eventType;

    RejectedEventException(Rejection rejection) {
        this(rejection.reason().label(), rejection.eventType() == null ? null : rejection.eventType().ceType(),
                rejection.message());
    }

    RejectedEventException(String reason, String eventType, String message) {
        super(message);
        this.reason = reason;
        this.eventType = eventType;
    }

    /** The bounded class of the problem, e.g. {@code impossible_value}. */
    String reason() {
        return reason;
    }

    /** The contract type the record claimed, or null when it named none. */
    String eventType() {
        return eventType;
    }
}
