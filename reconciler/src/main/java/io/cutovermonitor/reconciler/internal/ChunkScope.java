package io.cutovermonitor.reconciler.internal;

/** Which rows of a table a query covers. */
public sealed interface ChunkScope {

    /** {@code lower <= key < upper} on the leading integer key column; a null bound is open. */
    record Range(Long lower, Long upper) implements ChunkScope {
    }

    /** Rows whose key hash slice has {@code (slice & mask) == bucket}. */
    record Bucket(long mask, long bucket) implements ChunkScope {
    }

    /**
     * PostgreSQL heap blocks {@code [fromBlock, toBlock)} (null: to the end) intersected with a key range: a segment
     * of a sequential scan, read with a TID range scan, so segments on several connections scan the table in parallel.
     */
    record Blocks(long fromBlock, Long toBlock, Range keys) implements ChunkScope {
    }

    /** The whole table. */
    record All() implements ChunkScope {
    }
}
