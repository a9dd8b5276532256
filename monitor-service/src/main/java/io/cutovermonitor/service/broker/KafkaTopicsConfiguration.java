package io.cutovermonitor.service.broker;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The service's topics, created by Spring's {@code KafkaAdmin} at startup on whichever broker the application uses
 * (embedded or external); existing topics are kept (and grown to {@code monitor.broker.partitions} if smaller).
 * Replication factor: the broker's default. Off with {@code monitor.broker.create-topics=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = BrokerProperties.PREFIX, name = "create-topics", havingValue = "true",
        matchIfMissing = true)
class KafkaTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics monitorTopics(TopicNames topics, BrokerProperties broker) {
        String maxMessageBytes = Long.toString(broker.maxMessageSize().toBytes());
        // The telemetry topic is the replayable history: never deleted by time or size.
        Map<String, String> history = Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes);
        NewTopic telemetry = TopicBuilder.name(topics.telemetry()).partitions(broker.partitions())
                .configs(history).build();
        // Same partition count: a dead letter goes to the partition number of its original record.
        NewTopic deadLetter = TopicBuilder.name(topics.deadLetter()).partitions(broker.partitions())
                .configs(history).build();
        NewTopic alerts = TopicBuilder.name(topics.alerts()).partitions(broker.partitions()).build();
        return new KafkaAdmin.NewTopics(telemetry, deadLetter, alerts);
    }
}
