package io.cutovermonitor.service.demo;

import io.cutovermonitor.service.CutoverMonitorApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The service started as a person starts it, with command-line arguments ({@code --monitor.demo.enabled=true …}),
 * in this JVM, on free loopback ports: its own broker, HTTP on 127.0.0.1.
 */
public final class DemoRun implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final KafkaConsumer<String, String> alerts;
    private final List<JsonNode> alertsSeen = new ArrayList<>();
    private boolean closed;

    private DemoRun(ConfigurableApplicationContext context) {
        this.context = context;
        this.alerts = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "demo-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        alerts.subscribe(List.of("migration.alerts"));
    }

    /**
     * Starts the service with the embedded broker (free ports, data under {@code work}) and the given extra
     * arguments; HTTP on {@code httpPort} (0: a free one).
     */
    public static DemoRun start(Path work, int httpPort, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + httpPort,
                "--monitor.broker.port=0",
                "--monitor.broker.controller-port=0",
                "--monitor.broker.data-dir=" + work.resolve("kafka")));
        args.addAll(extraArgs);
        return new DemoRun(new SpringApplicationBuilder(CutoverMonitorApplication.class).run(args.toArray(String[]::new)));
    }

    public String bootstrapServers() {
        return context.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers");
    }

    public int httpPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code data} of every alert on {@code migration.alerts} so far. */
    public List<JsonNode> alerts() {
        for (ConsumerRecord<String, String> r : alerts.poll(Duration.ofMillis(200))) {
            alertsSeen.add(JSON.readTree(r.value()).path("data"));
        }
        return List.copyOf(alertsSeen);
    }

    /** The value of a sample line of /actuator/prometheus whose name and labels contain the given parts, or null. */
    public static Double sample(String scrape, String name, String... labelParts) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labels = line.substring(0, line.lastIndexOf('}') + 1);
            boolean all = true;
            for (String part : labelParts) {
                all &= labels.contains(part);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (closed) {
            return; // a test may stop the service before its try-with-resources does
        }
        closed = true;
        try {
            alerts.close(Duration.ofSeconds(5));
        } finally {
            context.close();
        }
    }
}
