package io.cutovermonitor.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A contract example ({@code validators/src/test/resources/contract}) played for one migration: the records an
 * outside tool sends, the identities of its valid events (what the ledger must then hold), and the alert
 * transitions the plan must give. The examples are judged strictly (every transition listed), so "exactly these"
 * is the bar a disturbed run is held to.
 */
public final class ContractStream {

    private static final Path EXAMPLES = Path.of("..", "validators", "src", "test", "resources", "contract");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String migration;
    private final List<String> records = new ArrayList<>();
    private final Set<String> validIds = new LinkedHashSet<>();
    private final List<String> expected = new ArrayList<>();

    private ContractStream(String migration, JsonNode example) {
        this.migration = migration;
        records.addAll(recordsOf(example));
        for (JsonNode event : example.get("events")) {
            if (!event.has("raw")) {
                validIds.add(event.get("source").asString() + "|" + event.get("id").asString());
            }
        }
        example.get("expect").forEach(e -> expected.add(e.get("rule").asString() + " " + e.get("state").asString()
                + " " + e.get("at").asString()));
    }

    /** The example {@code name} (with or without {@code .json}) with {@code {{MID}}} set to {@code migration}. */
    public static ContractStream of(String name, String migration) {
        String file = name.endsWith(".json") ? name : name + ".json";
        try {
            return new ContractStream(migration,
                    JSON.readTree(Files.readString(EXAMPLES.resolve(file)).replace("{{MID}}", migration)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every record of a scenario's {@code events} as kcat sends it, malformed ones ({@code raw}) included, its
     * decisions sealed with the {@link TestDecisionKey}.
     */
    public static List<String> recordsOf(JsonNode scenario) {
        List<String> records = new ArrayList<>();
        for (JsonNode event : scenario.get("events")) {
            records.add(event.has("raw") ? event.get("raw").asString()
                    : TestDecisionKey.sealed(JSON.writeValueAsString(event)));
        }
        return records;
    }

    public String migration() {
        return migration;
    }

    /** Every record as kcat sends it, one per line, malformed ones included, in the example's order. */
    public List<String> records() {
        return List.copyOf(records);
    }

    /** {@code source|id} of every valid event, in the example's order: what the ledger must hold exactly once. */
    public Set<String> validIds() {
        return Collections.unmodifiableSet(validIds);
    }

    /** {@code rule STATE at} of every expected transition, as {@link AlertsTopic#transitionsOf} reads them. */
    public List<String> expectedTransitions() {
        return List.copyOf(expected);
    }
}
