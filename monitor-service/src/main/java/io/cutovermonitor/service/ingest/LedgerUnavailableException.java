package io.cutovermonitor.service.ingest;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The ledger did not take a batch (its one transaction failed: the database unreachable, a connection dropped).
 * Nothing of the batch from the named record on was applied, so that record is named as the one that failed: the error handler seeks
 * back to it and retries with its back-off, without end, and never dead-letters a record for it.
 * <p>
 * A class of its own, not a plain {@link BatchListenerFailedException}: Spring Kafka keeps a record's retry state
 * while the class of what the listener throws stays the same. When the database is back and the same record turns
 * out to be refused ({@link RefusedRecordException}), the change of class makes the handler classify it afresh and
 * dead-letter it at once, instead of retrying it as if the database were still down.
 */
final class LedgerUnavailableException extends BatchListenerFailedException {

    /** @param index the first record of the batch not applied */
    LedgerUnavailableException(RuntimeException cause, int index) {
        super("the ledger did not take the batch: " + cause.getMessage(), cause, index);
    }
}
