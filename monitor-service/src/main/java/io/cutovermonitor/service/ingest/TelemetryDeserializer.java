package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka value deserializer of the telemetry contract, wrapped by Spring Kafka's {@code ErrorHandlingDeserializer}:
 * a record the parser rejects throws, and the error handler dead-letters it with the reason.
 */
public class TelemetryDeserializer implements Deserializer<ParseResult.Accepted> {

    private final EventParser parser = new EventParser();

    @Override
    public ParseResult.Accepted deserialize(String topic, byte[] data) {
        return accept(parser.parseStructured(data));
    }

    @Override
    public ParseResult.Accepted deserialize(String topic, Headers headers, byte[] data) {
        Map<String, String> ce = new HashMap<>();
        for (Header header : headers) {
            if (header.key().regionMatches(true, 0, "ce_", 0, 3) && header.value() != null) {
                ce.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return accept(EventParser.isBinaryMode(ce) ? parser.parseBinary(ce, data) : parser.parseStructured(data));
    }

    private static ParseResult.Accepted accept(ParseResult result) {
        if (result instanceof ParseResult.Rejected rejected) {
            throw new RejectedEventException(rejected.rejection());
        }
        return (ParseResult.Accepted) result;
    }
}
