package io.cutovermonitor.service.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * <p>
 * The <em>lag</em> is how long the oldest record not yet applied has been waiting, in seconds rather than offsets
 * (an operator asks "how late are the alerts", not "how many records"): that record (offset {@code position}) was
 * appended after the last observation whose log end was at or below {@code position}, so the lag is the time since
 * that observation. It is exact to one check interval and never too small; a partition already behind when first
 * observed counts from that observation (at least that long).
 *
 * @param position      the offset of the next record the listener will apply (committed offset)
 * @param logEndOffset  the offset the next record appended to the partition will get
 * @param waitingSince  the first observation at which records waited at {@code position}; null when none wait
 * @param behindSince   the last observation whose log end was at or below {@code position}: the oldest waiting
 *                      record came after it (for a partition behind since it was first observed, that observation)
 * @param ends          the observations since then whose log end is above {@code position}, oldest first (at most
 *                      {@link #KEPT_ENDS}; the oldest are dropped first, which can only make the lag read longer)
 */
record PartitionProgress(long position, long logEndOffset, Instant waitingSince, Instant behindSince,
                         List<End> ends) {

    /** Observations of the log end kept while the partition is behind: a day of 5-second checks. */
    static final int KEPT_ENDS = 17_280;

    /** The log end offset as observed at a moment. */
    record End(Instant at, long offset) {
    }

    /** The first observation of a partition (at start, or when it is assigned to this instance). */
    static PartitionProgress first(Instant at, long position, long logEndOffset) {
        boolean behind = logEndOffset > position;
        return new PartitionProgress(position, logEndOffset, behind ? at : null, at,
                behind ? List.of(new End(at, logEndOffset)) : List.of());
    }

    /** The partition as observed again at {@code at}. */
    PartitionProgress next(Instant at, long newPosition, long newLogEndOffset) {
        if (newLogEndOffset <= newPosition) {
            return first(at, newPosition, newLogEndOffset);
        }
        // the observations the position has now passed: the oldest waiting record came after the last of them
        Instant behind = behindSince;
        List<End> kept = new ArrayList<>(ends.size() + 1);
        for (End end : ends) {
            if (end.offset() <= newPosition) {
                behind = end.at();
            } else {
                kept.add(end);
            }
        }
        kept.add(new End(at, newLogEndOffset));
        if (kept.size() > KEPT_ENDS) {
            kept.remove(0);
        }
        Instant waiting = newPosition != position || waitingSince == null ? at : waitingSince;
        return new PartitionProgress(newPosition, newLogEndOffset, waiting, behind, List.copyOf(kept));
    }

    /** How long the oldest record not yet applied has waited at {@code now}; zero when none wait. */
    Duration lag(Instant now) {
        return waiting() == 0 ? Duration.ZERO : Duration.between(behindSince, now);
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
