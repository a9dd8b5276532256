package io.cutovermonitor.reconciler;

import java.time.Duration;
import java.util.List;

/**
 * One table's outcome. Only mismatching chunks are kept (a run over a large table holds no per-chunk list).
 *
 * @param differencesTruncated true when more differing keys exist than the request's maxDifferences
 * @param schemaDifferences    what differs in the table's shape (a column or the table itself on one side only): a
 *                             difference a migration lead must see, though the rows of the columns both sides have
 *                             are still compared
 * @param error                why the table could not be compared (e.g. its key column missing), else null
 */
public record TableReport(String table, String mode, long sourceRows, long targetRows, long chunks,
                          List<ChunkResult> mismatchedChunks, List<KeyDifference> differences,
                          boolean differencesTruncated, List<String> warnings, List<String> schemaDifferences,
                          String error, Duration elapsed) {

    public TableReport {
        mismatchedChunks = List.copyOf(mismatchedChunks);
        differences = List.copyOf(differences);
        warnings = List.copyOf(warnings);
        schemaDifferences = List.copyOf(schemaDifferences);
    }

    public boolean matched() {
        return error == null && mismatchedChunks.isEmpty() && schemaDifferences.isEmpty();
    }
}
