package io.cutovermonitor.service.report;

import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.validators.event.TelemetryEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of what a migration's report is built from: every event of the ledger in the order it was stored
 * (its source, id and content hash, so the digest covers each event's whole content and decisions among them),
 * then every alert transition in the order it was decided (episode, state, time). The same ledger gives the same
 * digest; one event more, less, changed or in another order gives another. Printed on every page of the report and
 * checked by {@code GET /api/migrations/{id}/report/verify?digest=…}.
 */
final class LedgerDigest {

    private LedgerDigest() {
    }

    static String of(List<TelemetryEvent> events, List<AlertOutbox.Stored> alerts) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        for (TelemetryEvent e : events) {
            line(sha256, "event", e.source(), e.id(), e.contentHash());
        }
        for (AlertOutbox.Stored a : alerts) {
            line(sha256, "alert", a.episodeKey(), a.state(), a.at().toString());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** One entry, its fields separated by NUL (no field holds one) and ended by a newline. */
    private static void line(MessageDigest sha256, String... fields) {
        sha256.update(String.join("\u0000", fields).concat("\n").getBytes(StandardCharsets.UTF_8));
    }
}
