package io.cutovermonitor.service.archive;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.report.EvidenceReport;
import io.cutovermonitor.service.report.ReportDocuments;
import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.Sha256;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The acceptance bundle of a migration, the delivery practice's last step ("archive the migration results and
 * related documents"): the evidence report as PDF and JSON, every ledger event as NDJSON in the report's order,
 * the plan it was judged by and every plan version put for it, its alert transitions and decisions, and {@code SHA256SUMS}, which
 * {@code sha256sum -c SHA256SUMS} checks in the bundle's directory.
 */
@Component
class AcceptanceBundle {

    static final String MANIFEST = "SHA256SUMS";

    private final EventLedger ledger;
    private final AlertOutbox outbox;
    private final PlanRegistry plans;
    private final ReportDocuments documents;
    private final JsonMapper json;

    AcceptanceBundle(EventLedger ledger, AlertOutbox outbox, PlanRegistry plans, ReportDocuments documents,
                     JsonMapper json) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.plans = plans;
        this.documents = documents;
        this.json = json;
    }

    /** What was written: the directory and the SHA-256 of each file, the manifest's own last. */
    record Written(Path dir, Map<String, String> sha256, String manifestSha256) {
    }

    Written write(EvidenceReport report, Path dir) {
        String id = report.migrationId();
        try {
            Files.createDirectories(dir);
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put("report.pdf", file(dir.resolve("report.pdf"), out -> out.write(documents.pdf(report))));
            sums.put("report.json", file(dir.resolve("report.json"), out -> json.writeValue(out, report)));
            sums.put("events.ndjson", lines(dir.resolve("events.ndjson"), w -> ledger.bodiesOf(id, body -> line(w, body))));
            sums.put("decisions.ndjson", lines(dir.resolve("decisions.ndjson"), w -> ledger.bodiesOf(id, body -> {
                if (body.contains("\"migration.decision.v1\"")) {
                    line(w, body);
                }
            })));
            sums.put("alerts.ndjson", lines(dir.resolve("alerts.ndjson"), w -> outbox.transitionsOf(id)
                    .forEach(t -> line(w, json.writeValueAsString(t)))));
            PlanRegistry.PlanVersion version = plans.versionOf(id);
            String planText = plans.textOf(id).orElse("# the built-in default plan: no plan was put for " + id + "\n");
            sums.put("plan.yaml", file(dir.resolve("plan.yaml"), out -> out.write(planText.getBytes(StandardCharsets.UTF_8))));
            sums.put("plan-version.json", file(dir.resolve("plan-version.json"), out -> json.writeValue(out, version)));
            sums.put("plan-versions.json", file(dir.resolve("plan-versions.json"),
                    out -> json.writeValue(out, plans.versionsOf(id))));
            StringBuilder manifest = new StringBuilder();
            sums.forEach((name, sum) -> manifest.append(sum).append("  ").append(name).append('\n'));
            Files.writeString(dir.resolve(MANIFEST), manifest);
            return new Written(dir, sums, Sha256.hex(manifest.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("the acceptance bundle of " + id + " could not be written to " + dir, e);
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private interface Lines {
        void writeTo(BufferedWriter out) throws IOException;
    }

    /** Writes a file and returns the SHA-256 of what was written, as {@code sha256sum} prints it. */
    private static String file(Path path, Content content) throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), sha256)) {
            content.writeTo(out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String lines(Path path, Lines lines) throws IOException {
        return file(path, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            lines.writeTo(w);
            w.flush();
        });
    }

    /** One NDJSON line: a stored CloudEvent is one line of JSON already (no raw line break inside JSON text). */
    private static void line(BufferedWriter w, String jsonText) {
        try {
            w.write(jsonText.replace("\r", "").replace("\n", ""));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
