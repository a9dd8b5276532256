package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.MigrationStatus;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two nights of the issue, produced by kcat into a real broker and judged by the service with its PostgreSQL
 * ledger, each in arrival order and in event-time order; and an event later than the plan's maxLateness. The
 * decision is the same whichever tool's event arrives first.
 */
class LateEventsIT {

    private static final Instant T0 = Instant.parse("2026-11-28T22:00:00Z");
    private static Testbed testbed;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() {
        testbed = Testbed.start("late_it");
        service = testbed.startService();
    }

    @AfterAll
    static void stop() {
        service.close();
        testbed.close();
    }

    /** CUTOVER STARTED 22:00, FINAL sync 23:00, chunks 1 and 2 mismatch at 00:00 and 01:00. */
    private static Night twoIntegrityErrors() {
        return new Night("late-ie")
                .event("/runbook", "0H", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"STARTED\"")
                .event("/sync", "1H", "migration.sync.v1", "\"scope\":\"oms\",\"mode\":\"FINAL\",\"recordsSynced\":9,"
                        + "\"recordsTotal\":9,\"state\":\"COMPLETED\"")
                .mismatch("2H", "1")
                .mismatch("3H", "2");
    }

    @Test
    void aThirdIntegrityErrorStampedInsideTheWindowButArrivingLastTriggersTheRollback() throws Exception {
        // Given the batch scheduler's report at 6 h 01 min arrived before the reconciler's report of chunk 3
        Night night = twoIntegrityErrors().throughput("6H1M").mismatch("5H59M", "3");

        // When kcat produces them in that order
        night.produce();

        // Then the third error counts in the 6 h window: the rollback trigger, decided on arrival and saying why
        JsonNode trigger = night.awaitAlert("integrity-errors", "FIRING");
        assertThat(trigger.at("/data/at").asString()).isEqualTo(at("6H1M").toString());
        assertThat(trigger.at("/data/eventTime").asString()).isEqualTo(at("5H59M").toString());
        assertThat(trigger.at("/data/lateEvent/id").asString()).isEqualTo(night.idOf(6));
        assertThat(trigger.at("/data/lateEvent/source").asString()).isEqualTo("/reconciler");
        assertThat(trigger.at("/data/respondWithin").asString()).isEqualTo("PT1H58M");
        JsonNode status = MigrationStatus.of(service, night.migration);
        assertThat(status.at("/integrity/errors").asInt()).isEqualTo(3);
    }

    @Test
    void theSameNightInEventTimeOrderGivesTheSameCall() throws Exception {
        Night night = twoIntegrityErrors().mismatch("5H59M", "3").throughput("6H1M");

        night.produce();

        JsonNode trigger = night.awaitAlert("integrity-errors", "FIRING");
        assertThat(trigger.at("/data/at").asString()).isEqualTo(at("5H59M").toString());
        assertThat(trigger.at("/data/lateEvent").isMissingNode()).isTrue();
        assertThat(MigrationStatus.of(service, night.migration).at("/integrity/errors").asInt()).isEqualTo(3);
    }

    @Test
    void aCompletionStampedBeforeTheLimitButArrivingLateSupersedesTheOverrun() throws Exception {
        // Given a throughput report stamped 6 h 01 min arrived before the runbook's CUTOVER COMPLETED of 5 h 58 min
        Night night = new Night("late-co")
                .event("/runbook", "0H", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"STARTED\"")
                .throughput("6H1M")
                .event("/runbook", "5H58M", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"COMPLETED\"");

        night.produce();

        // Then the overrun the early report fired is resolved as superseded, and nobody is left to answer it
        JsonNode resolved = night.awaitAlert("cutover-overrun", "RESOLVED");
        assertThat(resolved.at("/data/summary").asString()).startsWith("Superseded by a late event (" + night.idOf(3));
        assertThat(resolved.at("/data/lateEvent/time").asString()).isEqualTo(at("5H58M").toString());
        JsonNode status = MigrationStatus.of(service, night.migration);
        assertThat(status.get("firing")).isEmpty();
        assertThat(status.get("rollbackTriggers")).isEmpty();
        assertThat(status.at("/cutover/endedAt").asString()).isEqualTo(at("5H58M").toString());
    }

    @Test
    void theCompletionInEventTimeOrderNeverFiresTheOverrun() throws Exception {
        Night night = new Night("late-co")
                .event("/runbook", "0H", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"STARTED\"")
                .event("/runbook", "5H58M", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"COMPLETED\"")
                .throughput("6H1M");

        night.produce();

        await().atMost(Duration.ofSeconds(60)).until(() -> MigrationStatus.of(service, night.migration)
                .at("/eventTime").asString().equals(at("6H1M").toString()));
        Thread.sleep(2_000); // time enough for an alert to reach the topic
        assertThat(AlertsTopic.transitionsOf(testbed.bootstrapServers(), night.migration)).isEmpty();
    }

    @Test
    void anEpisodeAlreadyResolvedOnTheTopicThatALateEventReOpensIsAnnouncedOnceUnderANewName() throws Exception {
        // Given a projected overrun fired at 1 h 10 min and resolved at 1 h 20 min, then a second sync of 100 million
        // records stamped 1 h 15 min arriving after that (in event-time order the projection never recovered), then
        // CUTOVER COMPLETED
        Night night = new Night("late-reopen")
                .event("/runbook", "0H", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"STARTED\"")
                .sync("1H", "orders", 0, 1_000_000)
                .sync("1H10M", "orders", 10_000, 1_000_000)
                .sync("1H20M", "orders", 900_000, 1_000_000)
                .sync("1H15M", "order_lines", 0, 100_000_000)
                .event("/runbook", "1H30M", "migration.phase.v1",
                        "\"phase\":\"CUTOVER\",\"status\":\"COMPLETED\"");

        night.produce();

        // Then the topic tells it FIRING, RESOLVED, FIRING again under a name it has not closed, and RESOLVED under
        // that name: whoever reads it (the outbox, Alertmanager) sees the episode that is really open
        await().atMost(Duration.ofSeconds(60)).until(() -> episodesOf(night, "cutover-projected-overrun").size() == 4);
        String engineKey = "cutover-projected-overrun|" + at("0H") + "|" + at("1H10M");
        String reopened = engineKey + "|reopened-by-" + night.idOf(5);
        assertThat(episodesOf(night, "cutover-projected-overrun")).containsExactly("FIRING " + engineKey,
                "RESOLVED " + engineKey, "FIRING " + reopened, "RESOLVED " + reopened);
        assertThat(MigrationStatus.of(service, night.migration).get("firing")).isEmpty();
    }

    private static List<String> episodesOf(Night night, String rule) {
        return AlertsTopic.alertsOf(testbed.bootstrapServers(), night.migration).stream().map(a -> a.get("data"))
                .filter(d -> d.get("rule").asString().equals(rule))
                .map(d -> d.get("state").asString() + " " + d.get("episode").asString()).toList();
    }

    @Test
    void anEventLaterThanMaxLatenessIsAppliedAtTheClockAndCountedForItsSource() throws Exception {
        // Given the clock at 3 h 00 min, when a mismatch stamped 1 h 30 min arrives (1 h 30 min late, past 1 h)
        Night night = new Night("too-late")
                .event("/runbook", "0H", "migration.phase.v1", "\"phase\":\"CUTOVER\",\"status\":\"STARTED\"")
                .event("/sync", "10M", "migration.sync.v1", "\"scope\":\"oms\",\"mode\":\"FINAL\",\"recordsSynced\":9,"
                        + "\"recordsTotal\":9,\"state\":\"COMPLETED\"")
                .throughput("3H")
                .mismatch("1H30M", "1");

        night.produce();

        // Then it is judged at the clock, the status names its source, and Prometheus counts it
        JsonNode mismatch = night.awaitAlert("integrity-mismatch", "FIRING");
        assertThat(mismatch.at("/data/at").asString()).isEqualTo(at("3H").toString());
        assertThat(MigrationStatus.of(service, night.migration).at("/tooLateBySource/~1reconciler").asLong())
                .isEqualTo(1);
        assertThat(scrape()).contains("migration_events_late_total{application=\"cutover-monitor\","
                + "judged=\"migration_clock\",migration=\"" + night.migration + "\",source=\"/reconciler\"} 1.0");
    }

    private static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + Testbed.httpPort(service) + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** One migration's events, in the order an outside tool produces them. */
    private static final class Night {

        final String migration;
        final List<String> records = new ArrayList<>();

        Night(String prefix) {
            this.migration = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        Night event(String source, String offset, String type, String data) {
            records.add("{\"specversion\":\"1.0\",\"id\":\"" + idOf(records.size() + 1) + "\",\"source\":\"" + source
                    + "\",\"type\":\"" + type + "\",\"time\":\"" + at(offset) + "\",\"datacontenttype\":"
                    + "\"application/json\",\"data\":{\"migrationId\":\"" + migration + "\"," + data + "}}");
            return this;
        }

        Night mismatch(String offset, String chunk) {
            return event("/reconciler", offset, "migration.reconciliation.v1", "\"runId\":\"r1\",\"table\":\"orders\","
                    + "\"chunk\":{\"id\":\"" + chunk + "\"},\"source\":{\"rowCount\":1000},"
                    + "\"target\":{\"rowCount\":999}");
        }

        Night sync(String offset, String scope, long synced, long total) {
            return event("/sync", offset, "migration.sync.v1", "\"scope\":\"" + scope + "\",\"mode\":\"FINAL\","
                    + "\"recordsSynced\":" + synced + ",\"recordsTotal\":" + total + ",\"state\":\"RUNNING\"");
        }

        Night throughput(String offset) {
            Instant end = at(offset);
            return event("/batch", offset, "migration.throughput.v1", "\"component\":\"batch\",\"records\":9000,"
                    + "\"intervalStart\":\"" + end.minus(Duration.ofMinutes(10)) + "\",\"intervalEnd\":\"" + end + "\"");
        }

        String idOf(int n) {
            return migration + "-e" + n;
        }

        void produce() {
            new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migration,
                    List.of("content-type=application/cloudevents+json"), records);
        }

        JsonNode awaitAlert(String rule, String state) {
            List<JsonNode> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                found.clear();
                AlertsTopic.alertsOf(testbed.bootstrapServers(), migration).stream()
                        .filter(a -> a.at("/data/rule").asString().equals(rule)
                                && a.at("/data/state").asString().equals(state))
                        .forEach(found::add);
                return !found.isEmpty();
            });
            assertThat(found).as("%s %s of %s", rule, state, migration).hasSize(1);
            return found.get(0);
        }
    }
}
