package io.cutovermonitor.service.support;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A migration's status as {@code GET /api/migrations/{id}} answers it, and the part of it the rules decided. */
public final class MigrationStatus {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a migration lead reads off the status; elapsed times, time left and clock skew are the wall clock's. */
    private static final List<String> DECIDED = List.of("eventTime", "phase", "phaseStatus", "phaseName",
            "integrity", "firing", "observation", "decisions");

    private MigrationStatus() {
    }

    /** The status a running service answers for the migration (200 expected). */
    public static JsonNode of(ConfigurableApplicationContext service, String migration) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + Testbed.httpPort(service) + "/api/migrations/" + migration)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("status of " + migration + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Only what the rules decided: two runs over the same events must agree on it to the byte. */
    public static JsonNode decided(JsonNode status) {
        ObjectNode shown = JSON.createObjectNode();
        DECIDED.forEach(field -> shown.set(field, status.get(field)));
        return shown;
    }
}
