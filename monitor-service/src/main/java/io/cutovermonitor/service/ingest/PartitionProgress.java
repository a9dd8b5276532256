package io.cutovermonitor.service.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of one telemetry partition's progress, from its positions over time: the position the listener
 * was last seen at (the group's committed offset), the log end offset then, and since when records have waited at
 * that same position. Pure: the same observations give the same verdict.
 * <p>
 * A partition is <em>stalled</em> when records have waited (log end offset above the position) for more than
 * {@code stallAfter} without the position moving. A position that moves, however little, restarts the clock; so
 * does a moment with nothing waiting. The first time records are seen waiting at a position is where the clock
 * starts: a partition already waiting when first observed counts from that observation, not from a guess.
 *
 * @param position      the offset of the next record the listener will apply (committed offset)
 * @param logEndOffset  the offset the next record appended to the partition will get
 * @param waitingSince  the first observation at which records waited at {@code position}; null when none wait
 */
record PartitionProgress(long position, long logEndOffset, Instant waitingSince) {

    /** The first observation of a partition (at start, or when it is assigned to this instance). */
    static PartitionProgress first(Instant at, long position, long logEndOffset) {
        return new PartitionProgress(position, logEndOffset, logEndOffset > position ? at : null);
    }

    /** The partition as observed again at {@code at}. */
    PartitionProgress next(Instant at, long newPosition, long newLogEndOffset) {
        if (newPosition != position || newLogEndOffset <= newPosition) {
            return first(at, newPosition, newLogEndOffset);
        }
        return new PartitionProgress(newPosition, newLogEndOffset, waitingSince == null ? at : waitingSince);
    }

    /** Records appended but not yet applied, as last observed. */
    long waiting() {
        return Math.max(0, logEndOffset - position);
    }

    /** Since when the partition has not advanced while records waited, if that is more than {@code stallAfter}. */
    Optional<Instant> stalledSince(Instant now, Duration stallAfter) {
        Objects.requireNonNull(stallAfter);
        if (waitingSince == null || Duration.between(waitingSince, now).compareTo(stallAfter) <= 0) {
            return Optional.empty();
        }
        return Optional.of(waitingSince);
    }

    /** How long the partition has been stuck at its position while records waited, when stalled; zero otherwise. */
    Duration stalledFor(Instant now, Duration stallAfter) {
        return stalledSince(now, stallAfter).map(since -> Duration.between(since, now)).orElse(Duration.ZERO);
    }
}
