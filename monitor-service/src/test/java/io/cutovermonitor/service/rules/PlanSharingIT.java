package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in one consumer group share one ledger: a plan the lead puts through one of them must govern the
 * migration on the other too, since either may own its partition after a rebalance.
 */
class PlanSharingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPlanPutThroughOneInstanceGovernsOnTheOther() throws Exception {
        String migration = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        String[] lead = {"--monitor.security.users[0].name=lead", "--monitor.security.users[0].password={noop}s3cret",
                "--monitor.security.users[0].roles=OPERATOR", "--monitor.plans.tick=500ms"};
        try (Testbed testbed = Testbed.start("plan_sharing");
             ConfigurableApplicationContext first = testbed.startService(lead);
             ConfigurableApplicationContext second = testbed.startService(lead)) {
            // Given two instances on one ledger
            // When the lead puts a 4-hour cutover limit through the first
            assertThat(putPlan(first, migration, "text/yaml", "migration: oms-wave-2\ncutover:\n  maxDuration: PT4H\n"))
                    .isEqualTo(200);

            // Then the second judges the migration by it within a few ticks, without a restart
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode status = status(second, migration);
                assertThat(status.at("/plan/name").asString()).isEqualTo("oms-wave-2");
                assertThat(status.at("/cutover/limit").asString()).isEqualTo("PT4H");
            });

            // And a later change through the second reaches the first
            assertThat(putPlan(second, migration, "application/json",
                    "{\"migration\":\"oms-wave-2\",\"cutover\":{\"maxDuration\":\"PT5H\"}}")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(status(first, migration).at("/cutover/limit").asString()).isEqualTo("PT5H"));
        }
    }

    /** The lead puts a plan through one instance; returns the HTTP status. */
    private static int putPlan(ConfigurableApplicationContext service, String migration, String contentType,
                               String plan) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(service, "/api/migrations/" + migration + "/plan"))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("lead:s3cret".getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(plan))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static JsonNode status(ConfigurableApplicationContext service, String migration) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(service, "/api/migrations/" + migration))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI uri(ConfigurableApplicationContext service, String path) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
