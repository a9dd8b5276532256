package io.cutovermonitor.validators.event;

/** What the parser made of one record: a typed event, or a precise rejection. */
public sealed interface ParseResult {

    /**
     * @param structuredJson the envelope as structured-mode JSON (for binary mode: rebuilt from the headers), which
     *                       the ledger stores so that any event can be parsed again on replay
     */
    record Accepted(TelemetryEvent event, String structuredJson) implements ParseResult {
    }

    record Rejected(Rejection rejection) implements ParseResult {
    }
}
