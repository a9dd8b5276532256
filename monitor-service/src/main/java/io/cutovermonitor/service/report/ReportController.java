package io.cutovermonitor.service.report;

import io.cutovermonitor.service.rules.KnownMigrations;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/**
 * The acceptance evidence report of a migration (SPEC section 5): {@code /report} as HTML that prints cleanly,
 * {@code /report.json} with the same facts, {@code /report.pdf} rendered from the HTML. Open to read.
 */
@RestController
class ReportController {

    private static final MediaType PDF = MediaType.APPLICATION_PDF;

    private final EvidenceReportBuilder reports;
    private final ReportDocuments documents;

    ReportController(EvidenceReportBuilder reports, ReportDocuments documents) {
        this.reports = reports;
        this.documents = documents;
    }

    @GetMapping("/api/migrations/{id}/report.json")
    ResponseEntity<?> json(@PathVariable String id) {
        Optional<EvidenceReport> report = reports.build(id);
        if (report.isEmpty()) {
            throw new KnownMigrations.Unknown(id); // JSON, also where the report would be HTML or PDF
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report.get());
    }

    @GetMapping("/api/migrations/{id}/report")
    ResponseEntity<?> html(@PathVariable String id) {
        Optional<EvidenceReport> report = reports.build(id);
        if (report.isEmpty()) {
            throw new KnownMigrations.Unknown(id); // JSON, also where the report would be HTML or PDF
        }
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(documents.html(report.get()));
    }

    @GetMapping("/api/migrations/{id}/report.pdf")
    ResponseEntity<?> pdf(@PathVariable String id) {
        Optional<EvidenceReport> report = reports.build(id);
        if (report.isEmpty()) {
            throw new KnownMigrations.Unknown(id); // JSON, also where the report would be HTML or PDF
        }
        return ResponseEntity.ok().contentType(PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"evidence-report.pdf\"")
                .body(documents.pdf(report.get()));
    }

    /**
     * Whether a printed report's ledger digest is still what the ledger gives; with the counts printed beside it,
     * also whether the ledger only grew since.
     */
    @GetMapping("/api/migrations/{id}/report/verify")
    ResponseEntity<?> verify(@PathVariable String id, @RequestParam String digest,
                             @RequestParam(required = false) Integer events,
                             @RequestParam(required = false) Integer alerts) {
        return ResponseEntity.ok(reports.verify(id, digest, events, alerts)
                .orElseThrow(() -> new KnownMigrations.Unknown(id)));
    }
}
