package io.cutovermonitor.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.cutovermonitor.service.CutoverMonitorApplication;
import io.cutovermonitor.service.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded broker keeps its data (and cluster id) across a restart of the service on the same data directory. */
class EmbeddedBrokerRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aRecordProducedBeforeARestartIsStillThereAfterIt() throws Exception {
        int port = Ports.free();
        int controllerPort = Ports.free();
        String bootstrap = "127.0.0.1:" + port;
        String key = "restart-" + UUID.randomUUID();
        String value = "{\"before\":\"restart\"}";

        String clusterId;
        long first = System.nanoTime();
        try (ConfigurableApplicationContext app = start(port, controllerPort)) {
            System.out.printf("First start (format + broker + application): %d ms%n", millisSince(first));
            EmbeddedKafkaServer server = app.getBean(EmbeddedKafkaServer.class);
            assertThat(server.dataDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
            clusterId = server.clusterId();
            KafkaTestSupport.produce(bootstrap, app.getBean(TopicNames.class).telemetry(), key, value);
            long closing = System.nanoTime();
            app.close();
            System.out.printf("Shutdown (controlled): %d ms%n", millisSince(closing));
        }
        assertThat(KafkaTestSupport.listening(port)).isFalse();
        assertThat(KafkaTestSupport.listening(controllerPort)).isFalse();

        long second = System.nanoTime();
        try (ConfigurableApplicationContext app = start(port, controllerPort)) {
            System.out.printf("Restart on the existing data directory: %d ms%n", millisSince(second));
            assertThat(app.getBean(EmbeddedKafkaServer.class).clusterId()).isEqualTo(clusterId);
            var records = KafkaTestSupport.consumeUntil(bootstrap, app.getBean(TopicNames.class).telemetry(),
                    r -> key.equals(r.key()), Duration.ofSeconds(30));
            assertThat(records.get(records.size() - 1).value()).isEqualTo(value);
        }
    }

    private ConfigurableApplicationContext start(int port, int controllerPort) {
        return new SpringApplicationBuilder(CutoverMonitorApplication.class)
                .web(WebApplicationType.NONE)
                .run("--monitor.broker.port=" + port,
                        "--monitor.broker.controller-port=" + controllerPort,
                        "--monitor.broker.data-dir=" + dataDir.resolve("kafka"));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
