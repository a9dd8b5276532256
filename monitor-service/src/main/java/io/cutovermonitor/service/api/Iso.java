package io.cutovermonitor.service.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times as the API writes them: instants as ISO-8601 UTC ({@code 2025-11-15T22:00:00Z}), durations as ISO-8601
 * durations ({@code PT1H30M}; negative ones with a leading sign, {@code -PT15M}, which
 * {@link Duration#parse} reads back).
 */
final class Iso {

    private Iso() {
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String duration(Duration duration) {
        if (duration == null) {
            return null;
        }
        return duration.isNegative() ? "-" + duration.negated() : duration.toString();
    }

    static Map<String, String> instants(Map<String, Instant> instants) {
        Map<String, String> out = new LinkedHashMap<>();
        instants.forEach((key, value) -> out.put(key, instant(value)));
        return out;
    }

    static Map<String, String> durations(Map<String, Duration> durations) {
        Map<String, String> out = new LinkedHashMap<>();
        durations.forEach((key, value) -> out.put(key, duration(value)));
        return out;
    }
}
