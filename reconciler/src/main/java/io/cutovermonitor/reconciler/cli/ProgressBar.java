package io.cutovermonitor.reconciler.cli;

import io.cutovermonitor.reconciler.ReconciliationListener;
import io.cutovermonitor.reconciler.TableReport;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar per table on the terminal: rows done, rows/s, ETA. Draws nothing when not enabled
 * (output not a terminal), so logs and pipes stay clean.
 */
public final class ProgressBar implements ReconciliationListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private long startedNanos;
    private long lastDrawNanos;

    public ProgressBar(PrintStream out, boolean enabled) {
        this(out, enabled, System::nanoTime);
    }

    ProgressBar(PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
    }

    @Override
    public void tableStarted(String table, long estimatedRows) {
        startedNanos = nanoClock.getAsLong();
        lastDrawNanos = 0;
        if (enabled) {
            out.print("\r" + line(table, 0, estimatedRows, 0));
            out.flush();
        }
    }

    @Override
    public void progress(String table, long rowsDone, long estimatedRows) {
        long now = nanoClock.getAsLong();
        if (!enabled || now - lastDrawNanos < 100_000_000L && rowsDone < estimatedRows) {
            return;
        }
        lastDrawNanos = now;
        out.print("\r" + line(table, rowsDone, estimatedRows, now - startedNanos));
        out.flush();
    }

    @Override
    public void tableFinished(TableReport report) {
        if (enabled) {
            out.print("\r\033[2K");
            out.flush();
        }
    }

    /** The bar's text, e.g. {@code orders [#######.......]  45%  4,500,000/10,000,000 rows  1.2M rows/s  ETA 0:05}. */
    static String line(String table, long done, long total, long elapsedNanos) {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && total > done ? duration((long) ((total - done) / rate)) : "-";
        return String.format(Locale.ROOT, "%-20s [%s%s] %3d%%  %,d/%,d rows  %s rows/s  ETA %s", table,
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), done, Math.max(total, done),
                human(rate), eta);
    }

    private static String human(double rate) {
        if (rate >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", rate / 1e6);
        }
        if (rate >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", rate / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", rate);
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
