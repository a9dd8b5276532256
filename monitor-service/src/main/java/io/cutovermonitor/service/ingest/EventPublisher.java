package io.cutovermonitor.service.ingest;

import io.cutovermonitor.validators.event.ContentTypes;
import io.cutovermonitor.service.broker.TopicNames;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.validators.event.ParseResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes events that came in over HTTP ({@code POST /api/events}, decisions) to the telemetry topic exactly as a
 * migration tool would: structured mode, key = migration id, and returns only once Kafka acknowledged every one,
 * so a 2xx answer means the event is in the replayable history.
 * <p>
 * An event of a migration already seen goes to the partition that migration's telemetry arrives on, not where this
 * producer's partitioner would put the key: tools on librdkafka (kcat, Python, Go) hash keys with CRC-32, Java
 * clients with murmur2, so the same key can land on two partitions. Only on one partition is a decision read after
 * the events it answers in every replay, and by the instance that owns the migration.
 */
@Component
public class EventPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final MigrationBook book;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics, MigrationBook book) {
        this.kafka = kafka;
        this.topics = topics;
        this.book = book;
    }

    /** Kafka did not acknowledge every event in time: nothing is confirmed, the caller should send again. */
    public static final class NotAcknowledgedException extends Exception {
        NotAcknowledgedException(Throwable cause) {
            super("Kafka did not acknowledge the events", cause);
        }
    }

    public void publish(List<ParseResult.Accepted> events) throws NotAcknowledgedException, InterruptedException {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (ParseResult.Accepted event : events) {
            String migrationId = event.event().migrationId();
            if (!partitions.containsKey(migrationId)) {
                partitions.put(migrationId, book.telemetryPartitionOf(migrationId)); // null: the key decides
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.telemetry(),
                    partitions.get(migrationId), migrationId, event.structuredJson().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", ContentTypes.STRUCTURED.getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotAcknowledgedException(e);
        }
    }
}
