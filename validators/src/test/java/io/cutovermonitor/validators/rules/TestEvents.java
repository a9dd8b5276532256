package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.Chunk;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * Test-only conversion of a CloudEvent (as JSON) to a {@link TelemetryEvent}, for valid events only: the real
 * parser with its validation lives in the event package.
 */
final class TestEvents {

    private TestEvents() {
    }

    static TelemetryEvent fromJson(JsonNode ce) {
        JsonNode d = ce.get("data");
        String mid = d.get("migrationId").asString();
        EventData data = switch (ce.get("type").asString()) {
            case "migration.phase.v1" -> new PhaseEvent(mid, PhaseEvent.Phase.valueOf(text(d, "phase")), text(d, "name"),
                    PhaseEvent.PhaseStatus.valueOf(text(d, "status")),
                    d.has("maintenanceWindow") ? Duration.parse(text(d, "maintenanceWindow")) : null);
            case "migration.sync.v1" -> new SyncEvent(mid, text(d, "scope"), SyncEvent.SyncMode.valueOf(text(d, "mode")),
                    count(d, "recordsSynced"), d.has("recordsTotal") ? count(d, "recordsTotal") : null,
                    d.has("lagSeconds") ? d.get("lagSeconds").asDouble() : null,
                    SyncEvent.SyncState.valueOf(text(d, "state")));
            case "migration.reconciliation.v1" -> new ReconciliationEvent(mid, text(d, "runId"), text(d, "table"),
                    chunk(d.get("chunk")), side(d.get("source")), side(d.get("target")), text(d, "algorithm"));
            case "migration.throughput.v1" -> new ThroughputEvent(mid, text(d, "component"), count(d, "records"),
                    Instant.parse(text(d, "intervalStart")), Instant.parse(text(d, "intervalEnd")));
            case "migration.job.v1" -> new JobEvent(mid, text(d, "job"), text(d, "runId"),
                    JobEvent.JobState.valueOf(text(d, "state")), d.has("records") ? count(d, "records") : null,
                    d.has("durationSeconds") ? d.get("durationSeconds").asDouble() : null);
            case "migration.check.v1" -> new CheckEvent(mid, text(d, "check"),
                    CheckEvent.CheckKind.valueOf(text(d, "kind")), d.get("passed").asBoolean(),
                    d.has("latencyMs") ? d.get("latencyMs").asDouble() : null, text(d, "detail"));
            case "migration.decision.v1" -> new DecisionEvent(mid, DecisionEvent.Decision.valueOf(text(d, "decision")),
                    text(d, "by"), text(d, "reason"), text(d, "rule"));
            default -> throw new IllegalArgumentException("unknown type " + ce.get("type"));
        };
        return new TelemetryEvent(text(ce, "id"), text(ce, "source"), Instant.parse(text(ce, "time")), data,
                Integer.toHexString(ce.toString().hashCode()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static long count(JsonNode node, String field) {
        return node.get(field).decimalValue().longValueExact();
    }

    private static ReconciliationEvent.Side side(JsonNode side) {
        return side == null ? null : new ReconciliationEvent.Side(count(side, "rowCount"), text(side, "checksum"));
    }

    private static Chunk chunk(JsonNode chunk) {
        if (chunk == null) {
            return null;
        }
        return chunk.has("id") ? Chunk.ofId(bound(chunk.get("id")))
                : Chunk.ofRange(bound(chunk.get("lower")), bound(chunk.get("upper")));
    }

    private static String bound(JsonNode v) {
        return v.isNumber() ? Chunk.canonicalNumber(v.decimalValue()) : v.asString();
    }
}
