package io.cutovermonitor.reconciler;

import io.cutovermonitor.validators.event.Chunk;

import java.util.List;

/**
 * The verdict on one chunk, given once: after the re-check when it first mismatched.
 *
 * @param chunk           the key range {@code [lower, upper)} of the leading integer key, or {@code {"id":…}} for a
 *                        hash bucket ({@code "b/n"}) or a table without key ({@code "all"})
 * @param rechecked       true when the first comparison mismatched and the chunk was compared again
 * @param differingRanges where bisection narrowed the differences to (chunk labels; empty when matched)
 * @param differences     up to the request's maxDifferences differing keys
 */
public record ChunkResult(String table, Chunk chunk, ChunkChecksum source, ChunkChecksum target, boolean rechecked,
                          List<Chunk> differingRanges, List<KeyDifference> differences) {

    public ChunkResult {
        differingRanges = List.copyOf(differingRanges);
        differences = List.copyOf(differences);
    }

    public boolean matched() {
        return source.equals(target);
    }
}
