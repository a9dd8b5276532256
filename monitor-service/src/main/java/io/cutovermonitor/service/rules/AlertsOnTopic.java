package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.broker.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The ids of the newest alerts on {@code migration.alerts}, read without a consumer group. A process killed after
 * Kafka acknowledged an alert but before the outbox marked it published would otherwise send it a second time at
 * its restart.
 */
@Component
class AlertsOnTopic {

    /** Per partition: far more than one publisher batch (500), the most a crash can leave unmarked per instance. */
    static final long LOOK_BACK = 5_000;
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private final ConsumerFactory<?, ?> consumers;
    private final TopicNames topics;
    private final JsonMapper json;

    AlertsOnTopic(ConsumerFactory<?, ?> consumers, TopicNames topics, JsonMapper json) {
        this.json = json;
        this.consumers = consumers;
        this.topics = topics;
    }

    /** The CloudEvent ids of the last {@link #LOOK_BACK} alerts of every partition. */
    Set<String> recentIds() {
        Properties plainStrings = new Properties();
        plainStrings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        plainStrings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        plainStrings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> ids = new HashSet<>();
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "alert-publisher-recovery", null, plainStrings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.alerts()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(beginnings.get(p), ends.get(p) - LOOK_BACK)));
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the tail of " + topics.alerts() + " in " + READ_LIMIT);
                }
                for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof String value) {
                        JsonNode id = json.readTree(value).get("id");
                        if (id != null) {
                            ids.add(id.asString());
                        }
                    }
                }
            }
        }
        return ids;
    }
}
