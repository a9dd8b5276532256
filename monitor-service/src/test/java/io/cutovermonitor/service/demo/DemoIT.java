package io.cutovermonitor.service.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --monitor.demo.enabled=true} end to end on the service's own parts (embedded broker, H2 ledger in a file):
 * the replayed cutover raises the integrity-errors rollback trigger on {@code migration.alerts}, and the migration
 * ends in its observation period, ready for acceptance.
 */
class DemoIT {

    @Test
    void theDemoPlaysTheCutoverIntoTheServiceAndItsRollbackTriggerReachesTheAlertsTopic(@TempDir Path work) {
        String h2 = "jdbc:h2:file:" + work.resolve("ledger") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        long started = System.nanoTime();
        try (DemoRun demo = DemoRun.start(work, 0, List.of(
                "--spring.datasource.url=" + h2,
                "--monitor.demo.enabled=true",
                "--monitor.demo.speed=1000000",     // the 5 weeks in about a second
                "--monitor.demo.observation-speed=1000000",
                "--monitor.demo.decision-hold=0s",  // no wall time held before the decision either
                "--monitor.demo.max-pause=1ms"))) {

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(demo.alerts()).anySatisfy(alert -> {
                        assertThat(alert.path("migrationId").asString()).isEqualTo("oms-demo");
                        assertThat(alert.path("rule").asString()).isEqualTo("integrity-errors");
                        assertThat(alert.path("state").asString()).isEqualTo("FIRING");
                        assertThat(alert.path("action").asString()).isEqualTo("ROLLBACK");
                        assertThat(alert.path("decisionMaker").asString()).isEqualTo("Migration Lead");
                    }));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String scrape = demo.get("/actuator/prometheus");
                assertThat(DemoRun.sample(scrape, "migration_observation_day", "migration=\"oms-demo\""))
                        .isNotNull().isEqualTo(30.0);
                assertThat(DemoRun.sample(scrape, "migration_ready_for_acceptance", "migration=\"oms-demo\""))
                        .isEqualTo(1.0);
                assertThat(DemoRun.sample(scrape, "migration_events_rejected_total", "reason=\"impossible_value\""))
                        .as("the legacy bridge's record")
                        .isEqualTo(1.0);
            });

            List<JsonNode> alerts = demo.alerts();
            assertThat(alerts).filteredOn(a -> a.path("rule").asString().equals("integrity-errors")
                    && a.path("state").asString().equals("RESOLVED")).as("answered by the GO decision").hasSize(1);
            assertThat(alerts).noneMatch(a -> a.path("rule").asString().equals("rollback-deadline"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(90));
    }
}
