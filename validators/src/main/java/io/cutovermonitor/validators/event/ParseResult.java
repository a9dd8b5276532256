package io.cutovermonitor.validators.event;

/** What the parser made of one record: a typed event, or a precise rejection. */
public sealed interface ParseResult {

    record Accepted(TelemetryEvent event) implements ParseResult {
    }

    record Rejected(Rejection rejection) implements ParseResult {
    }
}
