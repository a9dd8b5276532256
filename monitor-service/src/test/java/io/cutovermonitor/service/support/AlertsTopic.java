package io.cutovermonitor.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * What an outside consumer sees on {@code migration.alerts} (or the topic {@code monitor.topics.alerts} names): kcat
 * reads the topic, as an operator's tool would.
 */
public final class AlertsTopic {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AlertsTopic() {
    }

    /** Every alert CloudEvent of a migration on {@code migration.alerts} so far, in order per partition. */
    public static List<JsonNode> alertsOf(String bootstrapServers, String migration) {
        return alertsOf(bootstrapServers, "migration.alerts", migration);
    }

    /** Every alert CloudEvent of a migration on the given alerts topic so far, in order per partition. */
    public static List<JsonNode> alertsOf(String bootstrapServers, String topic, String migration) {
        return new Kcat(bootstrapServers).valuesOf(topic, migration).stream().map(JSON::readTree).toList();
    }

    /** {@code rule STATE at} of each alert, the way the contract judges a transition. */
    public static List<String> transitionsOf(String bootstrapServers, String migration) {
        return alertsOf(bootstrapServers, migration).stream().map(event -> event.get("data"))
                .map(d -> d.get("rule").asString() + " " + d.get("state").asString() + " " + d.get("at").asString())
                .toList();
    }
}
