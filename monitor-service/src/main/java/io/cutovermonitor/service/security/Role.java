package io.cutovermonitor.service.security;

/** What a user of the API may write. */
public enum Role {
    /** Posts telemetry events ({@code POST /api/events}): the account a migration tool uses. */
    INGEST,
    /** A person running the cutover: sets plans, records decisions, and may post events too. */
    OPERATOR
}
