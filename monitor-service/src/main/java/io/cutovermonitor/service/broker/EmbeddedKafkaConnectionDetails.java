package io.cutovermonitor.service.broker;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * Boot's Kafka clients (producer and consumer factories, {@code KafkaAdmin}, listener containers) connect through this
 * bean; because it holds the started {@link EmbeddedKafkaServer}, the broker is up before any of them is created.
 * Replaces Boot's property-based connection details while the embedded broker runs.
 */
final class EmbeddedKafkaConnectionDetails implements KafkaConnectionDetails {

    private final EmbeddedKafkaServer server;

    EmbeddedKafkaConnectionDetails(EmbeddedKafkaServer server) {
        this.server = server;
    }

    @Override
    public List<String> getBootstrapServers() {
        return List.of(server.bootstrapServers());
    }

    @Override
    public String getSecurityProtocol() {
        return "PLAINTEXT";
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaConnectionDetails" + getBootstrapServers();
    }
}
