package io.cutovermonitor.service.ingest;

import java.sql.SQLException;

/**
 * Why the ledger did not take a batch, read from the SQLState the database gave. A data error (class 22: a value
 * too long, out of range or not encodable; class 23 other than the duplicate key the ledger relies on; 54000: a
 * value too large for an index) will fail the same way on every retry, so the record is dead-lettered as
 * {@code unstorable} and its partition goes on. Everything else (08 connection, 40 serialization or deadlock,
 * 53 resources, 57 admin shutdown, a pool timeout with no state at all, and anything not known to be the record's
 * fault) is retried: skipping a valid event because the database hiccupped would lose it.
 */
enum LedgerFailure {

    /** The database refused the record for its data. */
    DATA,
    /** The database could not take the batch now. */
    TRANSIENT;

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String PROGRAM_LIMIT_EXCEEDED = "54000";

    static LedgerFailure of(Throwable failure) {
        SQLException sql = sqlException(failure);
        return sql != null && isDataError(sql.getSQLState()) ? DATA : TRANSIENT;
    }

    /** The database's own words for a data error, on one line: what the dead letter carries instead of a trace. */
    static String databaseMessage(Throwable failure) {
        SQLException sql = sqlException(failure);
        String message = sql == null ? String.valueOf(failure.getMessage())
                : "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }

    private static boolean isDataError(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("22") || (state.startsWith("23") && !state.equals(UNIQUE_VIOLATION))
                || state.equals(PROGRAM_LIMIT_EXCEEDED);
    }

    /**
     * The innermost SQLException with a state: Spring's translation wraps it, and a batch statement chains the
     * real cause behind {@link SQLException#getNextException()}.
     */
    private static SQLException sqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null) {
                        found = next;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return found;
    }
}
