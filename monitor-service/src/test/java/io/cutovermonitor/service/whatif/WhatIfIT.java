package io.cutovermonitor.service.whatif;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.CutoverAgent;
import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.NightOfThreeErrors;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "With this draft plan, would that night have triggered a rollback?", asked of a real service over a real broker
 * and PostgreSQL ledger: a recorded cutover whose third integrity error fell at 6 h 01 min, and the demo.
 */
class WhatIfIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "what-if-" + UUID.randomUUID();
    private static final Instant CUTOVER = Instant.parse("2026-10-17T22:00:00Z");

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static String base;
    private static String night;
    /** A second night like it, whose plan the last test puts. */
    private static String rejudged;
    private static String omsPlan;

    @BeforeAll
    static void recordTheNightAndPlayTheDemo() throws Exception {
        testbed = Testbed.start("what_if_it");
        service = testbed.startService("--monitor.demo.enabled=true", "--monitor.demo.speed=1000000",
                "--monitor.demo.observation-speed=1000000", "--monitor.demo.decision-hold=0s",
                "--monitor.demo.max-pause=1ms",
                "--monitor.security.users[0].name=lead", "--monitor.security.users[0].password={noop}" + PASSWORD,
                "--monitor.security.users[0].roles=OPERATOR");
        base = "http://127.0.0.1:" + Testbed.httpPort(service);
        omsPlan = Files.readString(Path.of("src/main/resources", PlanRegistry.SAMPLE_PLAN));
        night = "rehearsal-2-" + UUID.randomUUID().toString().substring(0, 8);
        rejudged = "rehearsal-3-" + UUID.randomUUID().toString().substring(0, 8);
        Kcat kcat = new Kcat(testbed.bootstrapServers());
        for (String migration : List.of(night, rejudged)) {
            kcat.produce("migration.telemetry", migration, List.of("content-type=application/cloudevents+json"),
                    NightOfThreeErrors.events(migration, CUTOVER));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(get("/api/migrations/" + night + "/alerts").get("alerts").toString())
                            .contains("integrity-mismatch");
                    assertThat(get("/api/migrations/" + rejudged + "/alerts").get("alerts").toString())
                            .contains("integrity-mismatch");
                    assertThat(get("/api/migrations/oms-demo").get("phase").asString() + " "
                            + get("/api/migrations/oms-demo").get("phaseStatus").asString())
                            .isEqualTo("OBSERVATION COMPLETED");
                });
        Thread.sleep(1_000); // the last alerts of the demo on record
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void aSevenHourIntegrityWindowWouldHaveTriggeredTheRollbackAtTheThirdError() throws Exception {
        // Given the night on record: three integrity errors, the third at 6 h 01 min, and no rollback trigger
        assertThat(get("/api/migrations/" + night + "/alerts").get("alerts").toString())
                .doesNotContain("integrity-errors");

        // When the lead asks what a plan with a 7-hour window would have said
        JsonNode answer = whatIf(night, NightOfThreeErrors.sevenHourWindow(omsPlan));

        // Then integrity-errors would have fired, at the third error's time, and only under the draft
        assertThat(answer.get("same").asBoolean()).isFalse();
        assertThat(answer.at("/differences/onlyUnderDraft")).singleElement().satisfies(t -> {
            assertThat(t.get("rule").asString()).isEqualTo("integrity-errors");
            assertThat(t.get("state").asString()).isEqualTo("FIRING");
            assertThat(Instant.parse(t.get("at").asString())).isEqualTo(CUTOVER.plus(NightOfThreeErrors.THIRD_ERROR));
        });
        assertThat(answer.at("/differences/onlyOnRecord")).isEmpty();
        // and the same from the command line, reading the draft from a file: exit status 1, the difference printed
        Path draft = Files.createTempFile("draft-plan", ".yaml");
        Files.writeString(draft, NightOfThreeErrors.sevenHourWindow(omsPlan));
        CutoverAgent.Ran cli = CutoverAgent.run(Map.of("CUTOVER_AGENT_USER", "lead", "CUTOVER_AGENT_PASSWORD", PASSWORD),
                "what-if", "--migration", night, "--plan", draft.toString(), "--url", base);
        assertThat(cli.status()).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("1 difference(s)", "only under the draft: integrity-errors FIRING at "
                + CUTOVER.plus(NightOfThreeErrors.THIRD_ERROR));

        // and nothing was changed: the record is as it was
        assertThat(get("/api/migrations/" + night + "/alerts").get("alerts").toString())
                .doesNotContain("integrity-errors");
    }

    @Test
    void thePlanTheNightRanUnderGivesNoDifference() throws Exception {
        JsonNode answer = whatIf(night, omsPlan);

        assertThat(answer.get("same").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("underDraft")).hasSize(answer.get("onRecord").size()).isNotEmpty();
    }

    @Test
    void aNineHourWindowClearsTheDemosWindowReserve() throws Exception {
        // Given the demo, whose 8-hour window is under 1.5 x its longest rehearsal (window-reserve fired)
        assertThat(get("/api/migrations/oms-demo/alerts").get("alerts").toString()).contains("window-reserve");

        // When a 9-hour maintenance window is tried
        JsonNode answer = whatIf("oms-demo", omsPlan.replace("maintenanceWindow: PT8H", "maintenanceWindow: PT9H"));

        // Then window-reserve is on record only; the draft gives none of it
        assertThat(answer.at("/differences/onlyOnRecord").toString()).contains("window-reserve");
        assertThat(answer.get("underDraft").toString()).doesNotContain("window-reserve");
        assertThat(answer.get("replayMillis").asLong()).isLessThan(2_000);
    }

    @Test
    void narrowedToRehearsalTwoTheNineHourWindowClearsTheWindowReserveThatRehearsalRaised() throws Exception {
        String nineHours = omsPlan.replace("maintenanceWindow: PT8H", "maintenanceWindow: PT9H");

        // When the 9-hour window is tried over rehearsal-2 alone (5 h 35 min, so 8 h is under 1.5x it)
        HttpResponse<String> two = whatIf("oms-demo", nineHours, "?phase=rehearsal-2");

        // Then the one difference is the window-reserve FIRING at its end, only on record
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);
        JsonNode differences = JSON.readTree(two.body()).get("differences");
        assertThat(differences.get("onlyOnRecord")).extracting(t -> t.get("rule").asString() + " "
                + t.get("state").asString()).containsExactly("window-reserve FIRING");
        assertThat(differences.get("onlyUnderDraft")).isEmpty();
        // and over rehearsal-1 (4 h 45 min) the draft changes nothing
        assertThat(JSON.readTree(whatIf("oms-demo", nineHours, "?phase=rehearsal-1").body()).get("same").asBoolean())
                .isTrue();
        // and a phase the migration never had is a 404 that says what a phase name is
        HttpResponse<String> none = whatIf("oms-demo", nineHours, "?phase=rehearsal-9");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no phase named rehearsal-9");
    }

    @Test
    void puttingTheSevenHourPlanRejudgesTheNightAndPublishesTheTriggerOnce() throws Exception {
        // Given a night on record under the default plan: no rollback trigger
        assertThat(get("/api/migrations/" + rejudged + "/alerts").get("alerts").toString())
                .doesNotContain("integrity-errors");

        // When the lead puts the 7-hour plan
        HttpResponse<String> put = putPlan(rejudged, NightOfThreeErrors.sevenHourWindow(omsPlan));

        // Then the answer is the plan, its version, and what it re-judged: the trigger, at the migration's clock
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode change = JSON.readTree(put.body()).get("planChange");
        assertThat(change.get("version").asInt()).isEqualTo(1);
        Instant thirdError = CUTOVER.plus(NightOfThreeErrors.THIRD_ERROR);
        assertThat(change.get("rejudged")).singleElement().satisfies(t -> {
            assertThat(t.get("rule").asString()).isEqualTo("integrity-errors");
            assertThat(t.get("state").asString()).isEqualTo("FIRING");
            assertThat(Instant.parse(t.get("at").asString())).isEqualTo(thirdError);
        });

        // and migration.alerts carries that FIRING, saying the plan changed and naming the version it came under
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(integrityErrorsOnTheTopic()).hasSize(1));
        JsonNode fired = integrityErrorsOnTheTopic().get(0).get("data");
        assertThat(fired.get("state").asString()).isEqualTo("FIRING");
        assertThat(fired.get("summary").asString()).startsWith("Plan changed: version 1 put by lead");
        assertThat(fired.at("/plan/version").asInt()).isEqualTo(1);
        assertThat(fired.get("evidence").toString()).contains(change.get("event").asString());

        // and the status governs by it, and every alert names the version it was decided under
        JsonNode status = get("/api/migrations/" + rejudged);
        assertThat(status.at("/planVersion/version").asInt()).isEqualTo(1);
        assertThat(status.get("firing").toString()).contains("integrity-errors");
        assertThat(get("/api/migrations/" + rejudged + "/alerts").get("alerts"))
                .extracting(a -> a.get("rule").asString() + " v" + a.get("planVersion").asInt())
                .contains("integrity-mismatch v0", "integrity-errors v1");

        // When the same plan is put again, nothing more is published: the trigger is on the topic once
        HttpResponse<String> again = putPlan(rejudged, NightOfThreeErrors.sevenHourWindow(omsPlan));
        assertThat(JSON.readTree(again.body()).at("/planChange/version").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(again.body()).at("/planChange/rejudged")).isEmpty();
        Thread.sleep(2_000);
        assertThat(integrityErrorsOnTheTopic()).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<JsonNode> integrityErrorsOnTheTopic() {
        return AlertsTopic.alertsOf(testbed.bootstrapServers(), rejudged).stream()
                .filter(a -> a.at("/data/rule").asString().equals("integrity-errors")).toList();
    }

    private static HttpResponse<String> putPlan(String migration, String plan) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/migrations/" + migration + "/plan"))
                .header("Content-Type", "application/yaml").header("Authorization", basic())
                .PUT(HttpRequest.BodyPublishers.ofString(plan)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("lead:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode whatIf(String migration, String plan) throws Exception {
        HttpResponse<String> response = whatIf(migration, plan, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> whatIf(String migration, String plan, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/migrations/"
                        + migration + "/what-if" + query)).header("Content-Type", "application/yaml")
                .header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofString(plan)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
