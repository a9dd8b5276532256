package io.cutovermonitor.reconciler.kafka;

import io.cutovermonitor.validators.event.ContentTypes;
import io.cutovermonitor.reconciler.ReconciliationEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes each chunk's verdict as a {@code migration.reconciliation.v1} CloudEvent (structured mode) to the
 * telemetry topic, key = migrationId, with acks=all and idempotence. {@link #close()} flushes and fails if any send
 * failed, so a run never reports success with events lost.
 */
public final class KafkaEventPublisher implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "migration.telemetry";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final ReconciliationEvents events;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaEventPublisher(String bootstrapServers, String topic, ReconciliationEvents events,
                               Map<String, String> extraProperties) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cutover-reconciler");
        p.putAll(extraProperties);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.events = events;
    }

    /** Sends one CloudEvent of the run (see {@link io.cutovermonitor.reconciler.EventStream}). */
    public void send(String cloudEvent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, events.migrationId(), cloudEvent);
        record.headers().add("content-type", ContentTypes.STRUCTURED.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("publishing reconciliation events failed: " + e.getMessage(), e);
        }
    }
}
