package io.cutovermonitor.service.packaged;

import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PackagedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer does first: the packaged service started with no configuration at all, in an empty folder,
 * and kcat producing to 127.0.0.1:9092; the counters on /actuator/prometheus show the events.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path workingDirectory;

    @Test
    void thePackagedServiceRunsWithNoConfiguration() throws Exception {
        assertThat(free(9092) && free(8080) && free(19093))
                .as("the embedded default needs 127.0.0.1:9092, 19093 and 8080 free").isTrue();
        Process service = new ProcessBuilder(javaBinary(), PackagedService.HEAP, "-jar", packagedJar().toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workingDirectory.resolve("service.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get("/actuator/health").contains("\"status\":\"UP\""));
            String migration = "default-" + UUID.randomUUID().toString().substring(0, 8);

            new Kcat("127.0.0.1:9092").produce("migration.telemetry", migration, List.of(), List.of(
                    """
                    {"specversion":"1.0","id":"%s-1","source":"/oms/runbook","type":"migration.phase.v1","time":"2025-11-15T22:00:00Z","data":{"migrationId":"%s","phase":"CUTOVER","status":"STARTED"}}"""
                            .formatted(migration, migration),
                    """
                    {"specversion":"1.0","id":"%s-2","source":"/oms/checks","type":"migration.check.v1","time":"2025-11-15T22:05:00Z","data":{"migrationId":"%s","check":"erp-api","kind":"CONNECTIVITY","passed":true}}"""
                            .formatted(migration, migration),
                    "not an event at all"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String metrics = get("/actuator/prometheus");
                assertThat(metrics).contains("migration_last_event_timestamp_seconds{application=\"cutover-monitor\",migration=\""
                        + migration + "\",type=\"migration.check.v1\"}");
                assertThat(metrics).containsPattern("migration_events_total\\{[^}]*outcome=\"accepted\",type=\"migration.phase.v1\"} [1-9]");
                assertThat(metrics).containsPattern("migration_events_rejected_total\\{[^}]*reason=\"not_json\"} [1-9]");
                assertThat(metrics).contains("migration_info{application=\"cutover-monitor\",default_plan=\"true\",migration=\""
                        + migration + "\"");
            });
            assertThat(workingDirectory.resolve("data")).as("the broker and the ledger keep their data under ./data")
                    .isDirectoryContaining(p -> p.getFileName().toString().equals("kafka"))
                    .isDirectoryContaining(p -> p.getFileName().toString().startsWith("ledger"));
        } finally {
            service.destroy();
            if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("monitor-service-.*\\.jar")).map(Path::toAbsolutePath).findFirst()
                    .orElseThrow(() -> new IllegalStateException("package the service first (mvn package)"));
        }
    }
}
