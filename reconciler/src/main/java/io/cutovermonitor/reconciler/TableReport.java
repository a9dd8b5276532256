package io.cutovermonitor.reconciler;

import java.time.Duration;
import java.util.List;

/**
 * One table's outcome. Only mismatching chunks are kept (a run over a large table holds no per-chunk list).
 *
 * @param differencesTruncated true when more differing keys exist than the request's maxDifferences
 * @param error                why the table could not be compared (e.g. a column missing on the target), else null
 */
public record TableReport(String table, String mode, long sourceRows, long targetRows, long chunks,
                          List<ChunkResult> mismatchedChunks, List<KeyDifference> differences,
                          boolean differencesTruncated, List<String> warnings, String error, Duration elapsed) {

    public TableReport {
        mismatchedChunks = List.copyOf(mismatchedChunks);
        differences = List.copyOf(differences);
        warnings = List.copyOf(warnings);
    }

    public boolean matched() {
        return error == null && mismatchedChunks.isEmpty();
    }
}
