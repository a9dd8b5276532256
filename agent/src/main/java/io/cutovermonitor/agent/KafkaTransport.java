package io.cutovermonitor.agent;

import io.cutovermonitor.validators.event.ContentTypes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry topic, as every tool writes it: structured CloudEvents keyed by migration id, acknowledged by all
 * in-sync replicas, idempotent (a retry inside the producer is not a second record). Short time limits, so an
 * unreachable broker fails a send in seconds and the events stay spooled instead of the agent hanging.
 */
final class KafkaTransport implements Transport {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    /** @param settings further producer properties (security.protocol, sasl.*, ssl.*), as Kafka names them */
    KafkaTransport(String bootstrapServers, String topic, Map<String, String> settings) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(settings);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    @Override
    public void send(List<Spool.Entry> batch, Refusals refused) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Spool.Entry e : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, e.migrationId(), e.cloudEvent());
            record.headers().add("content-type", ContentTypes.STRUCTURED.getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(15, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
