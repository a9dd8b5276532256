package io.cutovermonitor.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** No Kafka configured: the application runs its own broker, and outside clients use it like any Kafka. */
@SpringBootTest(properties = {
        "monitor.broker.port=0",
        "monitor.broker.controller-port=0",
        "monitor.broker.partitions=2"})
@DirtiesContext
class EmbeddedBrokerIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void brokerDataDir(DynamicPropertyRegistry registry) {
        registry.add("monitor.broker.data-dir", () -> dataDir.resolve("kafka").toString());
    }

    @Autowired
    EmbeddedKafkaServer server;

    @Autowired
    BrokerProperties settings;

    @Autowired
    TopicNames topics;

    @Autowired
    Environment environment;

    @Autowired
    KafkaProperties kafkaProperties;

    @Autowired
    KafkaConnectionDetails connectionDetails;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaTemplate<String, byte[]> kafkaTemplate;

    @Autowired
    HealthContributorRegistry health;

    @Test
    void theWholeApplicationUsesTheEmbeddedBroker() {
        String bootstrap = server.bootstrapServers();
        assertThat(server.isRunning()).isTrue();
        assertThat(settings.port()).isPositive();
        assertThat(settings.controllerPort()).isPositive().isNotEqualTo(9093).isNotEqualTo(settings.port());
        assertThat(bootstrap).isEqualTo("127.0.0.1:" + settings.port());
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(bootstrap);
        assertThat(kafkaProperties.getBootstrapServers()).containsExactly(bootstrap);
        assertThat(connectionDetails.getBootstrapServers()).containsExactly(bootstrap);
        assertThat(connectionDetails.getProducer().getBootstrapServers()).containsExactly(bootstrap);
        assertThat(connectionDetails.getConsumer().getBootstrapServers()).containsExactly(bootstrap);
        assertThat(kafkaAdmin.getConfigurationProperties().get("bootstrap.servers").toString()).contains(bootstrap);
        assertThat(server.dataDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
        assertThat(server.dataDir().resolve("meta.properties")).exists();
        assertThat(topics).isEqualTo(new TopicNames("migration.telemetry", "migration.telemetry.dlt", "migration.alerts"));
    }

    /** The watch of stalled partitions (health component {@code ingest}) reads this broker's offsets too. */
    @Test
    void theIngestHealthReadsTheOffsetsOfTheEmbeddedBroker() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Health ingest = ((HealthIndicator) health.getContributor("ingest")).health();
            assertThat(ingest.getStatus()).as(ingest.toString()).isEqualTo(Status.UP);
            assertThat(ingest.getDetails()).containsKey("offsetsReadAt").doesNotContainKey("readFailure");
            assertThat(((Map<?, ?>) ingest.getDetails().get("partitions")).keySet().stream().map(String::valueOf))
                    .containsExactlyInAnyOrder(topics.telemetry() + "-0", topics.telemetry() + "-1");
        });
    }

    @Test
    void answersDescribeClusterAndHasTheTopics() throws Exception {
        try (Admin admin = KafkaTestSupport.admin(server.bootstrapServers())) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.clusterId().get(20, TimeUnit.SECONDS)).isEqualTo(server.clusterId());
            List<Node> nodes = List.copyOf(cluster.nodes().get(20, TimeUnit.SECONDS));
            assertThat(nodes).singleElement().satisfies(node -> {
                assertThat(node.host()).isEqualTo("127.0.0.1");
                assertThat(node.port()).isEqualTo(settings.port());
            });

            Set<String> names = Set.of(topics.telemetry(), topics.deadLetter(), topics.alerts());
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS);
            assertThat(described).containsOnlyKeys(names);
            described.values().forEach(topic -> assertThat(topic.partitions()).hasSize(2));

            ConfigResource telemetry = new ConfigResource(ConfigResource.Type.TOPIC, topics.telemetry());
            Config config = admin.describeConfigs(List.of(telemetry)).all().get(20, TimeUnit.SECONDS).get(telemetry);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo("4194304");
        }
    }

    @Test
    void plainProducerAndConsumerRoundTripARecord() throws Exception {
        String key = "mig-" + UUID.randomUUID();
        String value = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\"}";
        KafkaTestSupport.produce(server.bootstrapServers(), topics.telemetry(), key, value);

        var records = KafkaTestSupport.consumeUntil(server.bootstrapServers(), topics.telemetry(),
                r -> key.equals(r.key()), Duration.ofSeconds(30));
        assertThat(records.get(records.size() - 1).value()).isEqualTo(value);
    }

    @Test
    void acceptsATwoMebibyteRecordSoTheServiceCanRejectItWithAReason() throws Exception {
        String key = "big-" + UUID.randomUUID();
        String value = "x".repeat(2 * 1024 * 1024);
        var metadata = KafkaTestSupport.produce(server.bootstrapServers(), topics.telemetry(), key, value);
        assertThat(metadata.serializedValueSize()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void springKafkaTemplateUsesTheEmbeddedBroker() throws Exception {
        String key = "alert-" + UUID.randomUUID();
        kafkaTemplate.send(topics.alerts(), key, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
        KafkaTestSupport.consumeUntil(server.bootstrapServers(), topics.alerts(), r -> key.equals(r.key()),
                Duration.ofSeconds(30));
    }

    @Test
    void kcatProducesToTheEmbeddedBroker() throws Exception {
        Assumptions.assumeTrue(kcatAvailable(), "kcat is not installed");
        String key = "kcat-" + UUID.randomUUID();
        String value = "{\"from\":\"kcat\"}";
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", server.bootstrapServers(), "-t", topics.telemetry(),
                "-K", "|")
                .redirectErrorStream(true)
                .start();
        kcat.getOutputStream().write((key + "|" + value + "\n").getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.exitValue()).as(output).isZero();

        var records = KafkaTestSupport.consumeUntil(server.bootstrapServers(), topics.telemetry(),
                r -> key.equals(r.key()), Duration.ofSeconds(30));
        assertThat(records.get(records.size() - 1).value()).isEqualTo(value);
    }

    static boolean kcatAvailable() {
        try {
            Process p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
