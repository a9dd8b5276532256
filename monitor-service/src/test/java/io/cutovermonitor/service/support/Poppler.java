package io.cutovermonitor.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** poppler-utils ({@code pdftotext}, {@code pdftoppm}): what a PDF shows, as text, words on pages and pictures. */
public final class Poppler {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PAGE = Pattern.compile("<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">");
    private static final Pattern WORD = Pattern.compile(
            "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">(.*?)</word>");

    private Poppler() {
    }

    /**
     * A word on a page, in PDF points from the page's top left corner.
     *
     * @param page 1 for the first page
     */
    public record Word(int page, String text, double xMin, double yMin, double xMax, double yMax, double pageWidth,
                       double pageHeight) {

        public double height() {
            return yMax - yMin;
        }
    }

    /** The text of every page, in reading order ({@code pdftotext}). */
    public static String text(Path pdf) {
        return Tool.run("poppler-utils", List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-"), null, TIMEOUT);
    }

    /** Every word with its box ({@code pdftotext -bbox}). */
    public static List<Word> words(Path pdf) {
        String xhtml = Tool.run("poppler-utils", List.of("pdftotext", "-enc", "UTF-8", "-bbox", pdf.toString(), "-"),
                null, TIMEOUT);
        List<Word> words = new ArrayList<>();
        int page = 0;
        double width = 0;
        double height = 0;
        for (String line : xhtml.split("\n")) {
            Matcher p = PAGE.matcher(line);
            if (p.find()) {
                page++;
                width = Double.parseDouble(p.group(1));
                height = Double.parseDouble(p.group(2));
                continue;
            }
            Matcher w = WORD.matcher(line);
            if (w.find()) {
                words.add(new Word(page, unescape(w.group(5)), Double.parseDouble(w.group(1)),
                        Double.parseDouble(w.group(2)), Double.parseDouble(w.group(3)),
                        Double.parseDouble(w.group(4)), width, height));
            }
        }
        return words;
    }

    /**
     * Every page as a PNG of {@code dpi} dots per inch ({@code pdftoppm -png -r dpi}), written as
     * {@code <prefix>-<page>.png}; in page order.
     */
    public static List<Path> pages(Path pdf, int dpi, Path prefix) {
        Pattern page = Pattern.compile(Pattern.quote(prefix.getFileName().toString()) + "-(\\d+)\\.png");
        for (Path stale : pagesOf(prefix, page)) { // of an earlier, longer print
            stale.toFile().delete();
        }
        Tool.run("poppler-utils", List.of("pdftoppm", "-png", "-r", String.valueOf(dpi), pdf.toString(),
                prefix.toString()), null, TIMEOUT);
        return pagesOf(prefix, page);
    }

    private static List<Path> pagesOf(Path prefix, Pattern page) {
        try (Stream<Path> files = Files.list(prefix.toAbsolutePath().getParent())) {
            return files.filter(f -> page.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(f -> number(page, f)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Pattern page, Path file) {
        Matcher m = page.matcher(file.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
