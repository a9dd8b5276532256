package io.cutovermonitor.reconciler;

import io.cutovermonitor.validators.event.ReconciliationProgressEvent.ProgressState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a run tells the monitor while it goes: every chunk's verdict, and each table's progress (when the table
 * starts, at most every {@link #PROGRESS_EVERY} while it is read, and when it is done or failed), as CloudEvents
 * handed to {@code sink} (a Kafka producer, standard output, the service's publisher).
 */
public final class EventStream implements ReconciliationListener {

    /** How often a table's progress is told at most: often enough for a screen, rare enough for the ledger. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final ReconciliationEvents events;
    private final Consumer<String> sink;
    private final Clock clock;
    private final Map<String, Instant> lastTold = new ConcurrentHashMap<>();
    private final Map<String, Long> estimates = new ConcurrentHashMap<>();

    public EventStream(ReconciliationEvents events, Consumer<String> sink, Clock clock) {
        this.events = events;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void tableStarted(String table, long estimatedRows) {
        estimates.put(table, estimatedRows);
        lastTold.put(table, clock.instant());
        sink.accept(events.progress(table, 0, estimatedRows, ProgressState.RUNNING));
    }

    @Override
    public void progress(String table, long rowsDone, long estimatedRows) {
        Instant now = clock.instant();
        Instant last = lastTold.get(table);
        if (last == null || !now.isBefore(last.plus(PROGRESS_EVERY))) {
            lastTold.put(table, now);
            sink.accept(events.progress(table, rowsDone, estimatedRows, ProgressState.RUNNING));
        }
    }

    @Override
    public void chunkChecked(ChunkResult result) {
        sink.accept(events.toJson(result));
    }

    @Override
    public void tableFinished(TableReport report) {
        sink.accept(events.progress(report.table(), report.sourceRows(), estimates.getOrDefault(report.table(), 0L),
                report.error() == null ? ProgressState.COMPLETED : ProgressState.FAILED));
    }
}
