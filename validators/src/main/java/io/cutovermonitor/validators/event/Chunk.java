package io.cutovermonitor.validators.event;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A part of a table a reconciliation covers: a key range {@code {"lower":…, "upper":…}} or an id {@code {"id":…}}.
 * Compared by value: bounds are kept in canonical text (numbers without exponent or trailing zeros), so
 * {@code 1}, {@code 1.0} and {@code 1e0} are the same bound and JSON key order does not matter.
 */
public record Chunk(String id, String lower, String upper) {

    public Chunk {
        if ((id == null) == (lower == null || upper == null)) {
            throw new IllegalArgumentException("a chunk is either {id} or {lower, upper}");
        }
    }

    public static Chunk ofId(String id) {
        return new Chunk(Objects.requireNonNull(id), null, null);
    }

    public static Chunk ofRange(String lower, String upper) {
        return new Chunk(null, Objects.requireNonNull(lower), Objects.requireNonNull(upper));
    }

    /** Canonical text of a numeric bound or id: {@code 100.0} and {@code 1E2} both give {@code 100}. */
    public static String canonicalNumber(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** How people name it: {@code chunk 2} or {@code 1..50000}. */
    public String label() {
        return id != null ? "chunk " + id : lower + ".." + upper;
    }
}
