package io.cutovermonitor.validators.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Writes telemetry events as the contract's structured-mode CloudEvents ({@link ContentTypes#STRUCTURED}): the
 * mirror of {@link EventParser}, so that a producer in this repository hands over a typed event and what it writes
 * is what the parser reads back. A field the event leaves out (null) is left out of the JSON.
 */
public final class CloudEventWriter {

    /** Fields in the order the records declare them (the contract's order), a null field left out. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private CloudEventWriter() {
    }

    /** The structured CloudEvent of {@code data} under this envelope. */
    public static String structured(String id, String source, Instant time, EventData data) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", data.type().ceType());
        event.put("time", time.toString());
        event.put("datacontenttype", "application/json");
        ObjectNode fields = JSON.valueToTree(data);
        if (fields.get("chunk") instanceof ObjectNode chunk) {
            // a key range of integers is written as numbers, as tools write it (the parser reads either)
            integerBound(chunk, "lower");
            integerBound(chunk, "upper");
        }
        event.set("data", fields);
        return JSON.writeValueAsString(event);
    }

    private static void integerBound(ObjectNode chunk, String bound) {
        JsonNode value = chunk.get(bound);
        if (value != null && INTEGER.matcher(value.asString()).matches()) {
            chunk.put(bound, new BigInteger(value.asString()));
        }
    }

    public static String structured(TelemetryEvent event) {
        return structured(event.id(), event.source(), event.time(), event.data());
    }
}
