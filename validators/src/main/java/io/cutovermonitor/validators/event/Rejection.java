package io.cutovermonitor.validators.event;

/**
 * Why a record is not applied: the class of problem (a bounded metric label), the field path and the problem,
 * e.g. {@code data.source.rowCount: must be >= 0}; {@code eventType} is null when the record named no known type.
 */
public record Rejection(Reason reason, String path, String problem, EventType eventType) {

    public Rejection(Reason reason, String path, String problem) {
        this(reason, path, problem, null);
    }

    /** The same rejection, knowing which contract type the record claimed to be (a bounded metric label). */
    Rejection ofType(EventType type) {
        return new Rejection(reason, path, problem, type);
    }

    /** Bounded classes of rejection, used as a metric label and in the dead-letter header. */
    public enum Reason {
        TOO_LARGE, NOT_JSON, NOT_CLOUDEVENT, UNKNOWN_TYPE, MISSING_FIELD, WRONG_TYPE, IMPOSSIBLE_VALUE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One line a person can act on: {@code path: problem}, or the problem alone for the whole record. */
    public String message() {
        return path == null || path.isEmpty() ? problem : path + ": " + problem;
    }
}
