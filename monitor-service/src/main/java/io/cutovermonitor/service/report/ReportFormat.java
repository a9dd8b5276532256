package io.cutovermonitor.service.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the HTML report writes times, durations and counts for a person (the JSON keeps ISO-8601). */
public final class ReportFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** An instant as the engine writes it (ISO-8601), or as this report does. */
    private static final Pattern A_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");

    /** A stretch of a sentence; {@code time} when it is a time, which the page never breaks. */
    public record Part(String text, boolean time) {
    }

    /**
     * A sentence (an alert summary as the engine wrote it for Alertmanager and the logs, with ISO instants, or one
     * of the report's own) cut into its times, in the report's one format, and the text between them, so the page
     * may wrap the sentence but never a time inside it.
     */
    public List<Part> prose(String text) {
        List<Part> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        Matcher m = A_TIME.matcher(text);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                parts.add(new Part(text.substring(from, m.start()), false));
            }
            String time = m.group();
            parts.add(new Part(time.endsWith("Z") ? time(Instant.parse(time)) : time, true));
            from = m.end();
        }
        if (from < text.length()) {
            parts.add(new Part(text.substring(from), false));
        }
        return parts;
    }

    /** {@code PT4H10M29S} as {@code 4h10m29s}; days as hours beyond 24. */
    public String duration(String iso) {
        if (iso == null) {
            return "-";
        }
        Duration d = Duration.parse(iso);
        long hours = d.toHours();
        return hours > 0 ? String.format(Locale.ROOT, "%dh%02dm%02ds", hours, d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutesPart(), d.toSecondsPart());
    }

    public String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
