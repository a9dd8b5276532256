package io.cutovermonitor.service.report;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The acceptance evidence report of a migration (SPEC section 5): {@code /report} as HTML that prints cleanly,
 * {@code /report.json} with the same facts, {@code /report.pdf} rendered from the HTML. Open to read.
 */
@RestController
class ReportController {

    private static final MediaType PDF = MediaType.APPLICATION_PDF;

    private final EvidenceReportBuilder reports;
    private final ITemplateEngine templates;

    ReportController(EvidenceReportBuilder reports, ITemplateEngine templates) {
        this.reports = reports;
        this.templates = templates;
    }

    @GetMapping("/api/migrations/{id}/report.json")
    ResponseEntity<?> json(@PathVariable String id) {
        Optional<EvidenceReport> report = reports.build(id);
        if (report.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", unknown(id)));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report.get());
    }

    @GetMapping("/api/migrations/{id}/report")
    ResponseEntity<String> html(@PathVariable String id) {
        return reports.build(id)
                .map(report -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .body(render(report)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                        .body(unknown(id)));
    }

    @GetMapping("/api/migrations/{id}/report.pdf")
    ResponseEntity<?> pdf(@PathVariable String id) {
        Optional<EvidenceReport> report = reports.build(id);
        if (report.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body(unknown(id));
        }
        return ResponseEntity.ok().contentType(PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"evidence-report.pdf\"")
                .body(PdfRenderer.render(render(report.get())));
    }

    String render(EvidenceReport report) {
        return templates.process("report", new Context(Locale.ROOT,
                Map.of("r", report, "fmt", new ReportFormat())));
    }

    private static String unknown(String id) {
        return "no migration " + id + ": no event of it has been applied and it has no plan";
    }
}
