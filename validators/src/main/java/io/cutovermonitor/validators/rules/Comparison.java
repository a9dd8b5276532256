package io.cutovermonitor.validators.rules;

import java.util.List;

/**
 * Both sides of one reconciliation run of a chunk, side by side. A checksum given on one side only is not
 * compared: the pair is then judged on counts.
 */
record Comparison(String runId, long sourceRows, String sourceChecksum, long targetRows, String targetChecksum,
                  List<String> evidence) {

    /** {@code row_count}, {@code checksum}, {@code missing_source}, {@code missing_target}, or null when they match. */
    String mismatchType() {
        if (sourceRows > 0 && targetRows == 0) {
            return "missing_target";
        }
        if (sourceRows == 0 && targetRows > 0) {
            return "missing_source";
        }
        if (sourceRows != targetRows) {
            return "row_count";
        }
        if (sourceChecksum != null && targetChecksum != null && !sourceChecksum.equals(targetChecksum)) {
            return "checksum";
        }
        return null;
    }
}
