package io.cutovermonitor.validators.event;

/**
 * {@code migration.sync.v1}: progress of a full, incremental or final sync of one scope (a table or a host).
 *
 * @param recordsTotal may be null (unknown total)
 * @param lagSeconds   replication lag; may be null
 */
public record SyncEvent(String migrationId, String scope, SyncMode mode, long recordsSynced, Long recordsTotal,
                        Double lagSeconds, SyncState state) implements EventData {

    public enum SyncMode { FULL, INCREMENTAL, FINAL }

    public enum SyncState { RUNNING, COMPLETED, FAILED }

    @Override
    public EventType type() {
        return EventType.SYNC;
    }
}
