package io.cutovermonitor.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, printing a page to PDF as a person's "Print, Save as PDF" would: A4 from the
 * page's own {@code @page} rule, the browser's default header and footer. As root it needs {@code --no-sandbox};
 * a fresh profile each time, and nothing that would reach out to the network on its own.
 */
public final class Chromium {

    /** Generous: a cold start on a busy two-core machine takes several seconds. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Chromium() {
    }

    /** Prints {@code url} to {@code pdf}; fails unless a PDF was written. */
    public static Path printToPdf(String url, Path pdf) {
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Tool.run("chromium", List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--print-to-pdf=" + pdf.toAbsolutePath(), url),
                    null, TIMEOUT);
            byte[] start = Files.exists(pdf) ? Files.readAllBytes(pdf) : new byte[0];
            if (start.length < 4 || !new String(start, 0, 4, StandardCharsets.US_ASCII).equals("%PDF")) {
                throw new AssertionError("chromium wrote no PDF of " + url + " to " + pdf);
            }
            return pdf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the temp directory harms nothing
        }
    }
}
