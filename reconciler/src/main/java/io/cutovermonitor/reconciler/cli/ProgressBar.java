package io.cutovermonitor.reconciler.cli;

import io.cutovermonitor.reconciler.ReconciliationListener;
import io.cutovermonitor.reconciler.TableReport;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress per table: rows done of the estimate, rows/s, ETA. On a terminal a one-line bar redrawn in place; in a
 * pipe or a log (no terminal: under a scheduler, in CI, behind {@code 2>>reconcile.log}) one plain line every
 * {@link #LINE_EVERY} and one when the table is done, so a long check says how far it is without control
 * characters; nothing with {@code --quiet}.
 */
public final class ProgressBar implements ReconciliationListener {

    private static final int WIDTH = 30;

    /** How often a line is written when the output is not a terminal. */
    static final long LINE_EVERY = 5_000_000_000L;

    /** Where the progress goes. */
    public enum Mode { TERMINAL, LINES, OFF }

    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier nanoClock;
    private long startedNanos;
    private long lastDrawNanos;
    private long estimated;
    private long done;

    public ProgressBar(PrintStream out, Mode mode) {
        this(out, mode, System::nanoTime);
    }

    ProgressBar(PrintStream out, Mode mode, LongSupplier nanoClock) {
        this.out = out;
        this.mode = mode;
        this.nanoClock = nanoClock;
    }

    @Override
    public void tableStarted(String table, long estimatedRows) {
        startedNanos = nanoClock.getAsLong();
        lastDrawNanos = startedNanos;
        estimated = estimatedRows;
        done = 0;
        if (mode == Mode.TERMINAL) {
            out.print("\r" + line(table, 0, estimatedRows, 0));
            out.flush();
        }
    }

    @Override
    public void progress(String table, long rowsDone, long estimatedRows) {
        long now = nanoClock.getAsLong();
        done = rowsDone;
        estimated = estimatedRows;
        if (mode == Mode.LINES && now - lastDrawNanos >= LINE_EVERY) {
            lastDrawNanos = now;
            out.println(line(table, rowsDone, estimatedRows, now - startedNanos));
            out.flush();
        } else if (mode == Mode.TERMINAL && (now - lastDrawNanos >= 100_000_000L || rowsDone >= estimatedRows)) {
            lastDrawNanos = now;
            out.print("\r" + line(table, rowsDone, estimatedRows, now - startedNanos));
            out.flush();
        }
    }

    @Override
    public void tableFinished(TableReport report) {
        if (mode == Mode.TERMINAL) {
            out.print("\r\033[2K");
            out.flush();
        } else if (mode == Mode.LINES) {
            out.println(line(report.table(), Math.max(done, report.sourceRows()), Math.max(estimated,
                    report.sourceRows()), nanoClock.getAsLong() - startedNanos) + "  done");
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
