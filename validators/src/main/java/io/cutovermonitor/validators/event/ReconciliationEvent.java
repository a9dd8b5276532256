package io.cutovermonitor.validators.event;

/**
 * {@code migration.reconciliation.v1}: counts (and checksums) of one table or chunk on the source, the target or
 * both. A side reported alone is paired with its partner by (migrationId, runId, table, chunk).
 *
 * @param chunk     null for a whole-table reconciliation
 * @param source    null when only the target side is reported
 * @param target    null when only the source side is reported
 * @param algorithm checksum algorithm; may be null
 */
public record ReconciliationEvent(String migrationId, String runId, String table, Chunk chunk, Side source,
                                  Side target, String algorithm) implements EventData {

    /** One side's figures. {@code checksum} may be null (compared on counts only). */
    public record Side(long rowCount, String checksum) {
    }

    @Override
    public EventType type() {
        return EventType.RECONCILIATION;
    }
}
