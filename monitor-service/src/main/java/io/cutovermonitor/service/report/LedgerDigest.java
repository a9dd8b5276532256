package io.cutovermonitor.service.report;

import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.Sha256;
import io.cutovermonitor.validators.event.TelemetryEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The SHA-256 of what a migration's report is built from: every event of the ledger in the order it was stored
 * (its source, id and content hash, so the digest covers each event's whole content and decisions among them),
 * then every alert transition in the order it was decided (episode, state, time), then the plan version (the
 * SHA-256 of the plan's text, or {@code default}). The same ledger gives the same
 * digest; one event more, less, changed or in another order gives another. Printed on every page of the report and
 * checked by {@code GET /api/migrations/{id}/report/verify?digest=…}.
 */
final class LedgerDigest {

    private LedgerDigest() {
    }

    static String of(List<TelemetryEvent> events, List<AlertOutbox.Stored> alerts, PlanRegistry.PlanVersion plan) {
        MessageDigest sha256 = Sha256.newDigest();
        for (TelemetryEvent e : events) {
            line(sha256, "event", e.source(), e.id(), e.contentHash());
        }
        for (AlertOutbox.Stored a : alerts) {
            line(sha256, "alert", a.episodeKey(), a.state(), a.at().toString());
        }
        line(sha256, "plan", Objects.requireNonNullElse(plan.sha256(), "default"));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** One entry, its fields separated by NUL (no field holds one) and ended by a newline. */
    private static void line(MessageDigest sha256, String... fields) {
        sha256.update(String.join("\u0000", fields).concat("\n").getBytes(StandardCharsets.UTF_8));
    }
}
