package io.cutovermonitor.service.report;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.util.Locale;
import java.util.Map;

/** The evidence report as a person reads it: the HTML page (Thymeleaf) and the same page as PDF. */
@Component
public class ReportDocuments {

    private final ITemplateEngine templates;

    ReportDocuments(ITemplateEngine templates) {
        this.templates = templates;
    }

    public String html(EvidenceReport report) {
        return templates.process("report", new Context(Locale.ROOT, Map.of("r", report, "fmt", new ReportFormat())));
    }

    public byte[] pdf(EvidenceReport report) {
        return PdfRenderer.render(html(report));
    }
}
