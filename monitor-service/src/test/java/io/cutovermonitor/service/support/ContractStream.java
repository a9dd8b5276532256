package io.cutovermonitor.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A contract example ({@code validators/src/test/resources/contract}) as the stream of one migration: the records
 * an outside tool sends, the events the ledger must then hold, and the alert transitions the plan must give. The
 * examples are judged strictly (every transition listed), so "exactly these" is the bar.
 */
public final class ContractStream {

    private static final Path CONTRACT = Path.of("..", "validators", "src", "test", "resources", "contract");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String migration;
    private final JsonNode scenario;

    private ContractStream(String migration, JsonNode scenario) {
        this.migration = migration;
        this.scenario = scenario;
    }

    /** The example in {@code contract/<example>} with its placeholder migration id set to {@code migration}. */
    public static ContractStream of(String example, String migration) throws IOException {
        return new ContractStream(migration,
                JSON.readTree(Files.readString(CONTRACT.resolve(example)).replace("{{MID}}", migration)));
    }

    public String migration() {
        return migration;
    }

    /** Every record as kcat sends it (one line each), malformed ones included, in the example's order. */
    public List<String> records() {
        List<String> records = new ArrayList<>();
        for (JsonNode event : scenario.get("events")) {
            records.add(event.has("raw") ? event.get("raw").asString() : JSON.writeValueAsString(event));
        }
        return records;
    }

    /** {@code source|id} of every valid event: what the ledger must hold, once each. */
    public Set<String> validEvents() {
        Set<String> valid = new LinkedHashSet<>();
        for (JsonNode event : scenario.get("events")) {
            if (!event.has("raw")) {
                valid.add(event.get("source").asString() + "|" + event.get("id").asString());
            }
        }
        return valid;
    }

    /** The expected alert transitions as {@code rule STATE at}, the form of {@link AlertsTopic#transitionsOf}. */
    public List<String> expectedTransitions() {
        List<String> expected = new ArrayList<>();
        scenario.get("expect").forEach(e -> expected.add(e.get("rule").asString() + " " + e.get("state").asString()
                + " " + e.get("at").asString()));
        return expected;
    }
}
