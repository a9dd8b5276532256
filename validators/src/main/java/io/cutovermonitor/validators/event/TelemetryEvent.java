package io.cutovermonitor.validators.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One applied CloudEvent of the telemetry contract (SPEC section 3): the envelope attributes the monitor uses
 * and the typed {@code data}. {@code (source, id)} identifies an event; {@code time} is event time, which drives
 * every window and duration.
 *
 * @param id          CloudEvents {@code id}
 * @param source      CloudEvents {@code source}
 * @param time        event time
 * @param data        the typed payload; its {@link EventData#type()} is the CloudEvents {@code type}
 * @param contentHash SHA-256 of the canonical envelope (id, source, type, time, data), so a re-delivery can be
 *                    told from a conflicting event that reuses the same (source, id)
 */
public record TelemetryEvent(String id, String source, Instant time, EventData data, String contentHash) {

    public TelemetryEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(contentHash, "contentHash");
    }

    public EventType type() {
        return data.type();
    }

    public String migrationId() {
        return data.migrationId();
    }
}
