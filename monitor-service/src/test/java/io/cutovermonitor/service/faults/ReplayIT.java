package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.MigrationStatus;
import io.cutovermonitor.service.support.NightOfThreeErrors;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole telemetry topic replayed from offset 0 into a fresh ledger: a second service, in a consumer group of
 * its own, with its ledger in another schema and its alerts on a topic of its own, reaches the same decisions at the
 * same event times as the run that made them live — the same events in the ledger, the same alerts (rule, state,
 * severity, action, at, evidence, to the byte) and the same status of every migration. A decision recorded through
 * the API is part of that history, so it is part of the replay; so is a plan put through the API, which re-judged a
 * night under it.
 */
class ReplayIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPLAY_ALERTS = "migration.alerts.replay";
    private static final String LEAD_PASSWORD = "lead-secret";
    private static final int PARTITIONS = 3;

    @Test
    void replayingTheWholeTopicIntoAFreshLedgerGivesTheSameDecisionsAtTheSameEventTimes() throws Exception {
        try (Testbed testbed = Testbed.start("replay_live")) {
            // Three migrations, one on each partition. The one a lead answers through the API is placed where
            // the service's own producer (murmur2) and kcat (CRC-32) would disagree about the partition.
            List<ContractStream> streams = List.of(
                    ContractStream.of("01-cutover-overrun-core-function.json",
                            Kcat.keyOnPartition("replay", 0, PARTITIONS)),
                    ContractStream.of("02-integrity-rollback-after-go-live.json",
                            Kcat.keyOnPartition("replay", 1, PARTITIONS)),
                    ContractStream.of("03-overrun-and-deadline.json", answeredMigration()));
            ContractStream answered = streams.get(2);
            // and a night whose rollback trigger only a plan put after it gives
            String replanned = Kcat.keyOnPartition("replay-plan", 0, PARTITIONS);
            List<String> night = NightOfThreeErrors.events(replanned, Instant.parse("2026-10-17T22:00:00Z"));
            Ledger live = new Ledger(testbed.schema());

            // Given a service that took the streams live, and a GO decision recorded through the API that answers
            // the overrun of the third migration's cutover
            ConfigurableApplicationContext first = testbed.startService(
                    "--monitor.security.users[0].name=lead",
                    "--monitor.security.users[0].password={noop}" + LEAD_PASSWORD,
                    "--monitor.security.users[0].roles=OPERATOR");
            Map<String, List<JsonNode>> liveAlerts = new LinkedHashMap<>();
            Map<String, JsonNode> liveStatus = new LinkedHashMap<>();
            try {
                Kcat kcat = new Kcat(testbed.bootstrapServers());
                for (ContractStream stream : streams) {
                    kcat.produce("migration.telemetry", stream.migration(),
                            List.of("content-type=application/cloudevents+json"), stream.records());
                }
                for (ContractStream stream : streams) {
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> live.rows(stream.migration()) == stream.validIds().size());
                }
                JsonNode decision = decide(first, answered.migration(), """
                        {"decision":"GO","rule":"cutover-overrun","by":"Taro Tanaka (Migration Lead)",
                         "reason":"validation complete: finish the cutover instead of rolling back"}""");
                Instant decidedAt = Instant.parse(decision.get("time").asString());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> live.rows(answered.migration()) == answered.validIds().size() + 1);
                kcat.produce("migration.telemetry", replanned, List.of("content-type=application/cloudevents+json"),
                        night);
                await().atMost(Duration.ofSeconds(30)).until(() -> live.rows(replanned) == night.size());
                String omsPlan = Files.readString(Path.of("src/main/resources", PlanRegistry.SAMPLE_PLAN));
                assertThat(send(first, "PUT", "/api/migrations/" + replanned + "/plan", "application/yaml",
                        NightOfThreeErrors.sevenHourWindow(omsPlan)).statusCode()).isEqualTo(200);
                assertThat(settledTransitions(testbed, replanned, 1)).contains("integrity-errors FIRING "
                        + Instant.parse("2026-10-17T22:00:00Z").plus(NightOfThreeErrors.THIRD_ERROR));

                // (the live run itself is right: the contract's verdicts, and the decision answered the overrun at
                // the moment it was recorded)
                for (ContractStream stream : streams.subList(0, 2)) {
                    assertThat(settledTransitions(testbed, stream.migration(), stream.expectedTransitions().size()))
                            .containsExactlyInAnyOrderElementsOf(stream.expectedTransitions());
                }
                List<String> answeredTransitions = settledTransitions(testbed, answered.migration(),
                        answered.expectedTransitions().size() + 1);
                assertThat(answeredTransitions.stream().filter(t -> !t.endsWith(" " + decidedAt)))
                        .containsExactlyInAnyOrderElementsOf(answered.expectedTransitions());
                assertThat(answeredTransitions).contains("cutover-overrun RESOLVED " + decidedAt);

                for (String migration : migrations(streams, replanned)) {
                    liveAlerts.put(migration, AlertsTopic.alertsOf(testbed.bootstrapServers(), migration));
                    liveStatus.put(migration, MigrationStatus.of(first, migration));
                }
                List<String> recorded = new ArrayList<>();
                liveStatus.get(answered.migration()).get("decisions")
                        .forEach(d -> recorded.add(d.get("id").asString()));
                assertThat(recorded).contains(decision.get("id").asString());
            } finally {
                first.close();
            }

            // When a fresh service replays the whole topic from offset 0 into a fresh ledger
            PostgresSchema fresh = new PostgresSchema("replay_fresh");
            Ledger replayed = new Ledger(fresh);
            ConfigurableApplicationContext second = testbed.startService(fresh,
                    "--spring.kafka.consumer.group-id=replay-" + UUID.randomUUID(),
                    "--spring.kafka.consumer.auto-offset-reset=earliest",
                    "--monitor.topics.alerts=" + REPLAY_ALERTS);
            try {
                List<String> liveEvents = live.events();
                await().atMost(Duration.ofSeconds(90)).until(() -> replayed.events().size() >= liveEvents.size());

                // Then the ledger holds the same events, the API's decision included, each migration's from one
                // partition (three in all): the replay read them in the order they were decided
                assertThat(replayed.events()).containsExactlyElementsOf(liveEvents);
                assertThat(streams.stream().map(s -> replayed.partitionsOf(s.migration())))
                        .containsExactly(Set.of(0), Set.of(1), Set.of(2));

                // And every alert is the live run's, in the same order: rule, state, severity, action, the same
                // event time, the same evidence, the same plan version (the re-judged night's too)
                for (String migration : migrations(streams, replanned)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> AlertsTopic.alertsOf(testbed.bootstrapServers(),
                            REPLAY_ALERTS, migration).size() >= liveAlerts.get(migration).size());
                }
                Thread.sleep(3_000); // time enough for an extra one
                for (String migration : migrations(streams, replanned)) {
                    assertThat(AlertsTopic.alertsOf(testbed.bootstrapServers(), REPLAY_ALERTS, migration))
                            .as("alerts of %s replayed", migration)
                            .containsExactlyElementsOf(liveAlerts.get(migration));
                }

                // And every migration's status shows the same phase, integrity, rules firing and decisions
                for (String migration : migrations(streams, replanned)) {
                    assertThat(MigrationStatus.decided(MigrationStatus.of(second, migration)))
                            .as("status of %s replayed", migration)
                            .isEqualTo(MigrationStatus.decided(liveStatus.get(migration)));
                }
            } finally {
                second.close();
                fresh.drop();
            }
        }
    }

    private static List<String> migrations(List<ContractStream> streams, String replanned) {
        List<String> all = new ArrayList<>(streams.stream().map(ContractStream::migration).toList());
        all.add(replanned);
        return all;
    }

    /**
     * A migration id kcat puts on partition 2 and the service's own Kafka producer (the Java default partitioner,
     * murmur2) would put elsewhere.
     */
    private static String answeredMigration() {
        while (true) {
            String id = Kcat.keyOnPartition("replay", 2, PARTITIONS);
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS != 2) {
                return id;
            }
        }
    }

    /** The alert transitions once the expected number arrived, read again a moment later to catch any extra one. */
    private static List<String> settledTransitions(Testbed testbed, String migration, int expected)
            throws InterruptedException {
        await().atMost(Duration.ofSeconds(60)).until(() -> AlertsTopic.alertsOf(testbed.bootstrapServers(),
                migration).size() >= expected);
        Thread.sleep(3_000);
        return AlertsTopic.transitionsOf(testbed.bootstrapServers(), migration);
    }

    private static JsonNode decide(ConfigurableApplicationContext service, String migration, String body)
            throws Exception {
        HttpResponse<String> response = send(service, "POST", "/api/migrations/" + migration + "/decisions",
                "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    /** A request as the lead. */
    private static HttpResponse<String> send(ConfigurableApplicationContext service, String method, String path,
                                             String contentType, String body) throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString(("lead:" + LEAD_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(service) + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + credentials)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(ConfigurableApplicationContext service) {
        return "http://127.0.0.1:" + service.getEnvironment().getRequiredProperty("local.server.port");
    }
}
