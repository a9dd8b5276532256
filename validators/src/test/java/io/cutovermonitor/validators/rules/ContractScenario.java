package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A contract scenario file (events and expected alert transitions), read for one migration id. */
record ContractScenario(String name, List<TelemetryEvent> events, List<JsonNode> expected) {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventParser PARSER = new EventParser();

    static ContractScenario read(Path file, String migrationId) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("{{MID}}", migrationId);
            JsonNode doc = JSON.readTree(text);
            List<TelemetryEvent> events = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (JsonNode entry : doc.get("events")) {
                // a malformed record is rejected by the parser and never reaches the engine; a re-delivery (same
                // source and id) is dropped by the service's ledger before it does
                if (entry.has("raw")) {
                    ParseResult rejected = PARSER.parseStructured(entry.get("raw").asString().getBytes(StandardCharsets.UTF_8));
                    if (!(rejected instanceof ParseResult.Rejected)) {
                        throw new AssertionError("the parser applies a malformed record of the scenario: " + entry);
                    }
                } else if (seen.add(entry.get("source").asString() + "\n" + entry.get("id").asString())) {
                    ParseResult parsed = PARSER.parseStructured(JSON.writeValueAsBytes(entry));
                    if (!(parsed instanceof ParseResult.Accepted accepted)) {
                        throw new AssertionError("the parser rejects a valid event of the scenario: " + parsed);
                    }
                    events.add(accepted.event());
                }
            }
            List<JsonNode> expected = new ArrayList<>();
            doc.get("expect").forEach(expected::add);
            return new ContractScenario(file.getFileName().toString(), events, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays the events long after they happened (not live): event time alone decides. */
    static List<AlertTransition> replay(String migrationId, List<TelemetryEvent> events) {
        MigrationState state = MigrationState.initial(migrationId);
        List<AlertTransition> alerts = new ArrayList<>();
        for (TelemetryEvent event : events) {
            Outcome outcome = RuleEngine.apply(state, MigrationPlan.defaults(), event, farLater(event));
            state = outcome.state();
            alerts.addAll(outcome.transitions());
        }
        return alerts;
    }

    static Instant farLater(TelemetryEvent event) {
        return event.time().plus(Duration.ofDays(400));
    }
}
