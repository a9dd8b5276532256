package io.cutovermonitor.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The broker configuration the embedded server would start with (nothing is started here). */
class EmbeddedKafkaServerTest {

    static BrokerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(BrokerProperties.PREFIX, BrokerProperties.class);
    }

    @Test
    void defaults() {
        BrokerProperties defaults = bind(Map.of());
        assertThat(defaults.enabled()).isNull();
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isEqualTo(9092);
        assertThat(defaults.controllerPort()).isEqualTo(19093);
        assertThat(defaults.dataDir().normalize()).isEqualTo(Path.of("data/kafka"));
        assertThat(defaults.partitions()).isEqualTo(3);
        assertThat(defaults.createTopics()).isTrue();
        assertThat(defaults.maxMessageSize().toBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(defaults.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void aSingleNodeKraftBrokerThatKafkaAccepts() {
        EmbeddedKafkaServer server = new EmbeddedKafkaServer(bind(Map.of(
                "monitor.broker.data-dir", "/tmp/cm-kafka-test",
                "monitor.broker.properties.num.io.threads", "2")));
        Properties props = server.brokerProperties();

        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", "/tmp/cm-kafka-test")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("message.max.bytes", "4194304")
                .containsEntry("num.io.threads", "2");
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        assertThat(config.messageMaxBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.metadataLogDir()).isEqualTo("/tmp/cm-kafka-test");
    }

    @Test
    void portsMustBeResolvedBeforeStarting() {
        assertThatThrownBy(() -> new EmbeddedKafkaServer(bind(Map.of("monitor.broker.port", "0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
