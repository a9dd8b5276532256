package io.cutovermonitor.reconciler;

import java.util.Map;

/**
 * One differing key. {@code key} maps key column to its canonical text; for a table without a key it is the whole
 * row (there is no key, so a changed row shows as one missing_source and one missing_target).
 */
public record KeyDifference(String table, Map<String, String> key, DifferenceType type) {

    public KeyDifference {
        key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    }
}
