package io.cutovermonitor.reconciler;

/** How one key differs. */
public enum DifferenceType {
    /** The key is on the target but not on the source. */
    MISSING_SOURCE("missing_source"),
    /** The key is on the source but not on the target. */
    MISSING_TARGET("missing_target"),
    /** The key is on both sides with different values. */
    ROW_DIFF("row_diff");

    private final String label;

    DifferenceType(String label) {
        this.label = label;
    }

    /** The name used in reports and events: {@code missing_source}, {@code missing_target}, {@code row_diff}. */
    public String label() {
        return label;
    }
}
