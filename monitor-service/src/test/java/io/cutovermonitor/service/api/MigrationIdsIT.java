package io.cutovermonitor.service.api;

import io.cutovermonitor.service.support.DropSchemaAfterTheService;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.validators.event.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A migration id that is accepted is addressable by every endpoint" (SPEC section 3), in both directions: ids drawn
 * from the whole grammar (every printable ASCII character it allows, spaces, quotes, characters of two to four bytes,
 * 1 to 128 characters) are accepted from kcat and answered by the status, the report, the plan, the decision and the
 * reconciliation endpoints under exactly that id; ids outside it are refused by the events endpoint and by the plan
 * endpoint with the grammar's reason, as JSON.
 */
@Import(DropSchemaAfterTheService.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.users[0].name=lead",
        "monitor.security.users[0].password={noop}" + MigrationIdsIT.PASSWORD,
        "monitor.security.users[0].roles=OPERATOR"})
@EmbeddedKafka(partitions = 3, topics = {"migration.telemetry", "migration.telemetry.dlt", "migration.alerts"},
        bootstrapServersProperty = "cutover.test.kafka")
class MigrationIdsIT {

    static final String PASSWORD = "lead-secret";
    private static final PostgresSchema SCHEMA = new PostgresSchema("migration_ids_it");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Printable ASCII but the four characters no path segment can carry. */
    private static final String ASCII = "!\"#$&'()*+,-.0123456789:<=>?@ABCXYZ[]^_`abcxyz{|}~ ";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SCHEMA::url);
        registry.add("spring.datasource.username", () -> PostgresSchema.USER);
        registry.add("spring.flyway.schemas", SCHEMA::name);
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("cutover.test.kafka"));
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @LocalServerPort
    int port;

    @Test
    void everyAcceptedMigrationIdIsAnsweredByEveryEndpoint() throws Exception {
        // Given migration ids drawn from the whole grammar, each started by kcat
        List<String> ids = new ArrayList<>(List.of("a", "...", " leading and trailing ", "x?y#z&w=1+2",
                "<b onmouseover=alert('x')>oms<b>", "移行-東京 🚚", "é".repeat(Limits.MAX_MIGRATION_ID)));
        grammar().sampleStream().limit(25).forEach(ids::add);
        Kcat kcat = new Kcat(broker.getBrokersAsString());
        for (String id : ids) {
            assertThat(Limits.migrationIdProblem(id)).as(id).isNull();
            kcat.produce("migration.telemetry", "ids", List.of(), List.of(phase(id)));
        }

        for (String id : ids) {
            String path = "/api/migrations/" + segment(id);
            // Then its status answers under exactly that id
            await(id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> send("GET", path, null, null).statusCode() == 200);
            assertThat(json(send("GET", path, null, null)).get("id").asString()).isEqualTo(id);
            // And so do the report, the plan, a decision and the reconciliations
            assertThat(json(send("GET", path + "/report.json", null, null)).at("/migrationId").asString()).as(id)
                    .isEqualTo(id);
            assertThat(send("GET", path + "/report", null, null).statusCode()).as(id).isEqualTo(200);
            HttpResponse<String> plan = send("PUT", path + "/plan", "application/yaml", "migration: ids-it\n");
            assertThat(plan.statusCode()).as(id + ": " + plan.body()).isEqualTo(200);
            HttpResponse<String> decision = send("POST", path + "/decisions", "application/json",
                    "{\"decision\":\"NO_GO\",\"reason\":\"ids\"}");
            assertThat(decision.statusCode()).as(id + ": " + decision.body()).isEqualTo(202);
            assertThat(json(decision).get("migrationId").asString()).isEqualTo(id);
            assertThat(json(send("GET", path + "/reconciliations/none", null, null)).get("error").asString())
                    .as(id).isEqualTo("no reconciliation none of migration " + id);
        }
    }

    @Test
    void aMigrationIdOutsideTheGrammarIsRefusedWithItsReason() throws Exception {
        for (String id : List.of("a/b", "a\\b", "a;b", "100%", "..", "x".repeat(Limits.MAX_MIGRATION_ID + 1),
                "bell\u0007")) {
            // When a tool posts an event of it
            HttpResponse<String> posted = send("POST", "/api/events", "application/cloudevents+json", phase(id));
            // Then it is refused naming the field, as JSON
            assertThat(posted.statusCode()).as(id).isEqualTo(400);
            assertThat(json(posted).at("/rejected/0/error").asString()).as(id).startsWith("data.migrationId: ");

            // And a plan for it is refused with the same reason wherever the path reaches the API
            HttpResponse<String> plan = send("PUT", "/api/migrations/" + segment(id) + "/plan", "application/yaml",
                    "migration: ids-it\n");
            assertThat(plan.statusCode()).as(id).isEqualTo(400);
            assertThat(plan.headers().firstValue("Content-Type")).as(id).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
    }

    /** 1 to 128 characters of the grammar: printable ASCII but / \ ; %, and characters of two, three, four bytes. */
    private static Arbitrary<String> grammar() {
        Arbitrary<String> unit = Arbitraries.oneOf(
                Arbitraries.of(ASCII.chars().mapToObj(c -> String.valueOf((char) c)).toList()),
                Arbitraries.of("é", "ß", "移", "東", "ー", "🚚", "𝄞", "\u00a0"));
        return unit.list().ofMinSize(1).ofMaxSize(Limits.MAX_MIGRATION_ID / 2).map(u -> String.join("", u))
                .map(id -> UUID.randomUUID().toString().substring(0, 4) + id)
                .filter(id -> id.length() <= Limits.MAX_MIGRATION_ID && Limits.migrationIdProblem(id) == null);
    }

    private static String phase(String migrationId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString()).put("source", "/ids-it")
                .put("type", "migration.phase.v1").put("time", "2025-11-15T22:00:00Z");
        event.putObject("data").put("migrationId", migrationId).put("phase", "CUTOVER").put("status", "STARTED");
        return JSON.writeValueAsString(event);
    }

    /** The id as one path segment: every byte but the unreserved ones percent-encoded, as RFC 3986 allows. */
    private static String segment(String id) {
        StringBuilder path = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                path.append(c);
            } else {
                path.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return path.toString();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (body != null) {
            request.header("Content-Type", contentType).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("lead:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
