package io.cutovermonitor.service.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The report's XHTML as PDF (openhtmltopdf on PDFBox): the same page a browser prints. */
final class PdfRenderer {

    private PdfRenderer() {
    }

    static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the evidence report could not be rendered to PDF", e);
        }
        return out.toByteArray();
    }
}
