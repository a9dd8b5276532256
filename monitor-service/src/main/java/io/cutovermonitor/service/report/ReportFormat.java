package io.cutovermonitor.service.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the HTML report writes times, durations and counts for a person (the JSON keeps ISO-8601). */
public final class ReportFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
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
