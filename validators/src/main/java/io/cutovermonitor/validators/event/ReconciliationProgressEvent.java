package io.cutovermonitor.validators.event;

/**
 * {@code migration.reconciliation.progress.v1}: how far a reconciliation run has come in one table, as the reconciler
 * reads it: rows compared so far against the table's estimate. "Will this check take 10 seconds or an hour?" No rule
 * reads it; the status, the metrics and the Cutover dashboard show it.
 *
 * @param estimatedRows the table's row estimate when the run began (the database's statistics; may be off); may be
 *                      null when the reconciler has none
 */
public record ReconciliationProgressEvent(String migrationId, String runId, String table, long rowsDone,
                                          Long estimatedRows, ProgressState state) implements EventData {

    public enum ProgressState { RUNNING, COMPLETED, FAILED }

    @Override
    public EventType type() {
        return EventType.RECONCILIATION_PROGRESS;
    }
}
