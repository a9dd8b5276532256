package io.cutovermonitor.service.ingest;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The record at {@code index} of a batch is refused: it breaks the contract ({@link RejectedEventException}) or
 * conflicts with a stored event ({@link ConflictingEventException}). The error handler commits the records before
 * it, dead-letters it at once with its reason, and delivers the rest again. A class distinct from
 * {@link LedgerUnavailableException} for the reason given there.
 */
final class RefusedRecordException extends BatchListenerFailedException {

    RefusedRecordException(String message, Throwable reason, int index) {
        super(message, reason, index);
    }
}
