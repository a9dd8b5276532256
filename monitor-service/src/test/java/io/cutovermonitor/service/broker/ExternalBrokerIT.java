package io.cutovermonitor.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cutovermonitor.service.support.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code spring.kafka.bootstrap-servers} configured the application uses that Kafka and starts no broker. */
@SpringBootTest
@DirtiesContext
class ExternalBrokerIT {

    /**
     * Spring Kafka's test broker publishes its address as the system property {@code spring.kafka.bootstrap-servers}
     * by default (and {@code @EmbeddedKafka} does so too): that property outlives the test class and would make every
     * later context in the same JVM skip the embedded broker. Publish it under a property of its own instead.
     */
    static final String EXTERNAL_BROKERS_PROPERTY = "monitor.test.external-kafka";
    static final EmbeddedKafkaKraftBroker external = new EmbeddedKafkaKraftBroker(1, 1);
    // chosen when this test's context is created, not when the class is loaded: by the time this class runs, other
    // tests' brokers and services may have been given a port picked that early
    static int EMBEDDED_PORT;
    static int EMBEDDED_CONTROLLER_PORT;

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        external.brokerListProperty(EXTERNAL_BROKERS_PROPERTY);
        external.afterPropertiesSet();
        EMBEDDED_PORT = Ports.free();
        EMBEDDED_CONTROLLER_PORT = Ports.free();
        registry.add("spring.kafka.bootstrap-servers", external::getBrokersAsString);
        registry.add("monitor.broker.port", () -> EMBEDDED_PORT);
        registry.add("monitor.broker.controller-port", () -> EMBEDDED_CONTROLLER_PORT);
        registry.add("monitor.broker.data-dir", () -> dataDir.resolve("kafka").toString());
    }

    @AfterAll
    static void stopExternal() {
        external.destroy();
        System.clearProperty(EXTERNAL_BROKERS_PROPERTY);
        System.clearProperty("spring.embedded.kafka.brokers");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    KafkaConnectionDetails connectionDetails;

    @Autowired
    TopicNames topics;

    @Test
    void noEmbeddedBrokerStarts() {
        assertThat(context.getBeansOfType(EmbeddedKafkaServer.class)).isEmpty();
        assertThat(KafkaTestSupport.listening(EMBEDDED_PORT)).isFalse();
        assertThat(KafkaTestSupport.listening(EMBEDDED_CONTROLLER_PORT)).isFalse();
        assertThat(Files.exists(dataDir.resolve("kafka"))).isFalse();
        assertThat(connectionDetails).isNotInstanceOf(EmbeddedKafkaConnectionDetails.class);
        assertThat(connectionDetails.getBootstrapServers()).containsExactly(external.getBrokersAsString());
    }

    @Test
    void topicsAreCreatedOnTheConfiguredKafka() throws Exception {
        try (Admin admin = KafkaTestSupport.admin(external.getBrokersAsString())) {
            Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            assertThat(names).contains(topics.telemetry(), topics.deadLetter(), topics.alerts());
        }
    }
}
