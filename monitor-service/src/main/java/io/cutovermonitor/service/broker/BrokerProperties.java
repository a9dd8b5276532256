package io.cutovermonitor.service.broker;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the in-process Kafka broker ({@code monitor.broker.*}) and of the topics the service creates.
 *
 * @param enabled       {@code true}: always start the embedded broker; {@code false}: never; unset (the default):
 *                      start it only when {@code spring.kafka.bootstrap-servers} is not configured
 * @param host          loopback address the broker binds to and advertises
 * @param port          PLAINTEXT client port; {@code 0} picks a free port at startup
 * @param controllerPort KRaft controller quorum port (not 9093: Alertmanager's); {@code 0} picks a free port
 * @param dataDir       log directory (data and KRaft metadata); survives restarts
 * @param nodeId        KRaft node id
 * @param partitions    partitions of the topics the service creates (embedded or external broker)
 * @param createTopics  create the service's topics through {@code KafkaAdmin} at startup (embedded or external)
 * @param maxMessageSize largest record batch the embedded broker and the telemetry / dead-letter topics accept; kept
 *                      above the service's own event limit so that the service, not the broker, rejects oversize
 *                      events with a reason
 * @param properties    extra broker properties ({@code server.properties} keys), applied last
 */
@ConfigurationProperties("monitor.broker")
public record BrokerProperties(
        Boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9092") int port,
        @DefaultValue("19093") int controllerPort,
        @DefaultValue("./data/kafka") Path dataDir,
        @DefaultValue("1") int nodeId,
        @DefaultValue("3") int partitions,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("4MB") DataSize maxMessageSize,
        Map<String, String> properties) {

    public static final String PREFIX = "monitor.broker";

    public BrokerProperties {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        if (partitions < 1) {
            throw new IllegalArgumentException("monitor.broker.partitions must be >= 1, was " + partitions);
        }
    }

    /** The client bootstrap address of the embedded broker, {@code host:port}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }
}
