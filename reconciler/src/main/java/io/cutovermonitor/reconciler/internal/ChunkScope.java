package io.cutovermonitor.reconciler.internal;

/** Which rows of a table a query covers. */
public sealed interface ChunkScope {

    /** {@code lower <= key < upper} on the leading integer key column; a null bound is open. */
    record Range(Long lower, Long upper) implements ChunkScope {
    }

    /** Rows whose key hash slice has {@code (slice & mask) == bucket}. */
    record Bucket(long mask, long bucket) implements ChunkScope {
    }

    /** The whole table. */
    record All() implements ChunkScope {
    }
}
