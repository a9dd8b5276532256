package io.cutovermonitor.service.api;

import io.cutovermonitor.service.broker.TopicNames;
import io.cutovermonitor.validators.event.ParseResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes events that came in over HTTP ({@code POST /api/events}, decisions) to the telemetry topic exactly as a
 * migration tool would: structured mode, key = migration id, and returns only once Kafka acknowledged every one,
 * so a 2xx answer means the event is in the replayable history.
 */
@Component
public class EventPublisher {

    static final String STRUCTURED = "application/cloudevents+json";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /** Kafka did not acknowledge every event in time: nothing is confirmed, the caller should send again. */
    public static final class NotAcknowledgedException extends Exception {
        NotAcknowledgedException(Throwable cause) {
            super("Kafka did not acknowledge the events", cause);
        }
    }

    public void publish(List<ParseResult.Accepted> events) throws NotAcknowledgedException, InterruptedException {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (ParseResult.Accepted event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.telemetry(),
                    event.event().migrationId(), event.structuredJson().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", STRUCTURED.getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotAcknowledgedException(e);
        }
    }
}
