package io.cutovermonitor.validators.rules;

import java.time.Duration;
import java.util.Locale;

/** How summaries write durations and numbers: {@code 6h21m54s}, {@code 8h15m}, {@code 38,279}. */
final class Texts {

    private Texts() {
    }

    static String duration(Duration d) {
        long seconds = d.getSeconds();
        String hm = String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
        return seconds % 60 == 0 ? hm : hm + String.format(Locale.ROOT, "%02ds", seconds % 60);
    }

    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** {@code po_lines chunk 2}, {@code po_lines 1..50000}, or the table alone for a whole-table reconciliation. */
    static String chunk(String table, String chunkKey) {
        return chunkKey.isEmpty() ? table : table + " " + chunkKey;
    }
}
