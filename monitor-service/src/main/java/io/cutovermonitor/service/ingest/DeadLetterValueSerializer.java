package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.ParseResult;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Writes a dead letter's value: the original bytes of a record that could not be read, or the structured
 * CloudEvent of a readable one that was refused (a conflict).
 */
public class DeadLetterValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value instanceof ParseResult.Accepted accepted) {
            return accepted.structuredJson().getBytes(StandardCharsets.UTF_8);
        }
        return (byte[]) value;
    }
}
