package io.cutovermonitor.service.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/** What an operator reading {@code migration.telemetry.dlt} sees: the refused records with their headers. */
public final class DeadLetters {

    public static final String TOPIC = "migration.telemetry.dlt";

    private DeadLetters() {
    }

    /**
     * The dead letters whose key passes {@code keys}, read from the beginning until at least {@code atLeast} are
     * found (with {@code atLeast} 0: until the first) or 30 s passed.
     */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, Predicate<String> keys,
                                                            int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && found.size() < Math.max(1, atLeast)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && keys.test(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** The value of the record's last header of that name, or {@code <no name>}. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "<no " + name + ">" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
