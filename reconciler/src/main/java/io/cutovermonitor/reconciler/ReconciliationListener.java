package io.cutovermonitor.reconciler;

/** Progress and results while a run goes on. Called from the run's thread; keep it quick. */
public interface ReconciliationListener {

    ReconciliationListener NONE = new ReconciliationListener() {
    };

    default void tableStarted(String table, long estimatedRows) {
    }

    /** Rows compared so far in this table (source side) against the estimate given at start. */
    default void progress(String table, long rowsDone, long estimatedRows) {
    }

    /** A chunk differed on first look; it is compared again after {@code delay} before any verdict. */
    default void recheckScheduled(String table, io.cutovermonitor.validators.event.Chunk chunk, java.time.Duration delay) {
    }

    /** One chunk's final verdict (matched, or still different after the re-check). */
    default void chunkChecked(ChunkResult result) {
    }

    default void tableFinished(TableReport report) {
    }

    /** Calls {@code a} then {@code b}. */
    static ReconciliationListener both(ReconciliationListener a, ReconciliationListener b) {
        return new ReconciliationListener() {
            @Override
            public void tableStarted(String table, long estimatedRows) {
                a.tableStarted(table, estimatedRows);
                b.tableStarted(table, estimatedRows);
            }

            @Override
            public void progress(String table, long rowsDone, long estimatedRows) {
                a.progress(table, rowsDone, estimatedRows);
                b.progress(table, rowsDone, estimatedRows);
            }

            @Override
            public void recheckScheduled(String table, io.cutovermonitor.validators.event.Chunk chunk, java.time.Duration delay) {
                a.recheckScheduled(table, chunk, delay);
                b.recheckScheduled(table, chunk, delay);
            }

            @Override
            public void chunkChecked(ChunkResult result) {
                a.chunkChecked(result);
                b.chunkChecked(result);
            }

            @Override
            public void tableFinished(TableReport report) {
                a.tableFinished(report);
                b.tableFinished(report);
            }
        };
    }
}
