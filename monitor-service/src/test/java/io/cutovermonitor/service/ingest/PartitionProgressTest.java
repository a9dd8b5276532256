package io.cutovermonitor.service.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stall decision: positions of a partition over time, and since when it has been stalled. {@code IngestStallIT}
 * shows the watch reading real offsets while the ledger is away; this pins the decision at its edges.
 */
class PartitionProgressTest {

    private static final Duration STALL_AFTER = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2025-11-15T22:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aPartitionWhoseRecordsWaitAtOnePositionIsStalledOnlyAfterStallAfterAndSinceItWasFirstSeenWaiting() {
        // Given 10 records wait at offset 100, first seen at T0
        PartitionProgress p = PartitionProgress.first(at(0), 100, 110);

        // When the position stays at 100 for a minute, then a moment longer
        p = p.next(at(30), 100, 112);
        PartitionProgress atTheMinute = p.next(at(60), 100, 112);
        PartitionProgress past = atTheMinute.next(at(61), 100, 115);

        // Then it is not stalled at exactly stall-after, and is after it, since T0, for 61 s
        assertThat(atTheMinute.stalledSince(at(60), STALL_AFTER)).isEmpty();
        assertThat(atTheMinute.stalledFor(at(60), STALL_AFTER)).isZero();
        assertThat(past.stalledSince(at(61), STALL_AFTER)).contains(at(0));
        assertThat(past.stalledFor(at(61), STALL_AFTER)).isEqualTo(Duration.ofSeconds(61));
        assertThat(past.waiting()).isEqualTo(15);
        // and the clock runs on between observations (a scrape between two reads counts on)
        assertThat(past.stalledFor(at(75), STALL_AFTER)).isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void aPartitionThatAdvancesIsNeverStalledHoweverLongRecordsKeepWaiting() {
        // Given a partition always behind its log end, but moving a little at every look
        PartitionProgress p = PartitionProgress.first(at(0), 0, 1_000);
        for (int i = 1; i <= 100; i++) {
            p = p.next(at(i * 50L), i, 1_000 + i * 10L);

            // Then it is never stalled: each move restarts the clock
            assertThat(p.stalledSince(at(i * 50L + 59), STALL_AFTER)).as("after %d moves", i).isEmpty();
        }
        assertThat(p.waitingSince()).isEqualTo(at(5_000));
    }

    @Test
    void aPartitionWithNothingWaitingIsNotStalledHoweverLongItsPositionStands() {
        // Given a partition that applied everything at offset 42 and got nothing new for an hour
        PartitionProgress p = PartitionProgress.first(at(0), 42, 42);
        p = p.next(at(3_600), 42, 42);

        // Then it is not stalled: no record waits on it
        assertThat(p.stalledSince(at(3_600), STALL_AFTER)).isEmpty();
        assertThat(p.waitingSince()).isNull();
        assertThat(p.waiting()).isZero();
    }

    @Test
    void theClockStartsWhenRecordsArriveNotWhenThePositionLastMoved() {
        // Given a partition idle at offset 42 for an hour
        PartitionProgress p = PartitionProgress.first(at(0), 42, 42).next(at(3_600), 42, 42);

        // When records arrive and are not applied
        p = p.next(at(3_605), 42, 50);

        // Then it is stalled a minute after they were first seen waiting, not at once
        assertThat(p.stalledSince(at(3_660), STALL_AFTER)).isEmpty();
        assertThat(p.next(at(3_670), 42, 50).stalledSince(at(3_670), STALL_AFTER)).contains(at(3_605));
    }

    @Test
    void aStalledPartitionThatMovesIsNoLongerStalledAndOneThatStopsAgainStartsAFreshClock() {
        // Given a partition stalled at offset 7 for 90 s
        PartitionProgress p = PartitionProgress.first(at(0), 7, 20).next(at(90), 7, 20);
        assertThat(p.stalledFor(at(90), STALL_AFTER)).isEqualTo(Duration.ofSeconds(90));

        // When it applies one record, then stands still again
        p = p.next(at(95), 8, 20);

        // Then it is not stalled, and the next stall counts from the move
        assertThat(p.stalledSince(at(95), STALL_AFTER)).isEmpty();
        assertThat(p.next(at(150), 8, 20).stalledSince(at(150), STALL_AFTER)).isEmpty();
        assertThat(p.next(at(156), 8, 20).stalledSince(at(156), STALL_AFTER)).contains(at(95));
    }

    @Test
    void catchingUpEndsTheWaitAndAPositionResetBackCountsAsAMove() {
        // Given a partition stalled for 2 minutes
        PartitionProgress p = PartitionProgress.first(at(0), 5, 9).next(at(120), 5, 9);
        assertThat(p.stalledSince(at(120), STALL_AFTER)).contains(at(0));

        // When the log end comes down to the position (the partition was truncated: an unclean leader election)
        PartitionProgress caughtUp = p.next(at(125), 5, 5);

        // Then nothing waits and nothing is stalled
        assertThat(caughtUp.stalledSince(at(300), STALL_AFTER)).isEmpty();

        // And an offset reset to an earlier position is a change of position, not the same stall going on
        PartitionProgress reset = p.next(at(125), 0, 9);
        assertThat(reset.stalledSince(at(125), STALL_AFTER)).isEmpty();
        assertThat(reset.waitingSince()).isEqualTo(at(125));
    }

    @Test
    void aPartitionFirstSeenWithRecordsWaitingCountsFromThatFirstLook() {
        // Given an instance that is assigned a partition already far behind
        PartitionProgress p = PartitionProgress.first(at(0), 0, 500);

        // Then it gets stall-after from its first look before it calls the partition stalled
        assertThat(p.stalledSince(at(59), STALL_AFTER)).isEmpty();
        assertThat(p.stalledSince(at(61), STALL_AFTER)).contains(at(0));
    }

    @Test
    void theLagIsHowLongTheOldestRecordNotYetAppliedHasWaitedToOneObservationAndNeverLess() {
        // Given a caught-up partition at offset 100
        PartitionProgress p = PartitionProgress.first(at(0), 100, 100);
        assertThat(p.lag(at(0))).isZero();

        // When records 100..109 arrive between the looks at 0 s and 5 s, more at 10 s, and the listener is slow
        p = p.next(at(5), 100, 110);
        p = p.next(at(10), 104, 120);

        // Then record 100 came after the look at 0 s: the lag counts from there, and runs on between looks
        assertThat(p.lag(at(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.lag(at(12))).isEqualTo(Duration.ofSeconds(12));

        // When the listener passes offset 110 (what was there at 5 s), the oldest waiting record came after 5 s
        p = p.next(at(15), 112, 125);
        assertThat(p.lag(at(15))).isEqualTo(Duration.ofSeconds(10));
        // and past 120 (seen at 10 s)
        p = p.next(at(20), 121, 125);
        assertThat(p.lag(at(20))).isEqualTo(Duration.ofSeconds(10));

        // When it catches up, the lag is zero, and a new arrival counts from the last caught-up look
        p = p.next(at(25), 125, 125);
        assertThat(p.lag(at(25))).isZero();
        p = p.next(at(30), 125, 126);
        assertThat(p.lag(at(31))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aPartitionAlreadyBehindWhenFirstSeenCountsFromThatLookAndAStalledOneLagsAtLeastAsLongAsItIsStalled() {
        PartitionProgress p = PartitionProgress.first(at(0), 0, 1_000);
        assertThat(p.lag(at(3))).isEqualTo(Duration.ofSeconds(3));
        for (int i = 1; i <= 20; i++) {
            p = p.next(at(i * 5L), 0, 1_000 + i);
        }
        assertThat(p.stalledFor(at(100), STALL_AFTER)).isEqualTo(Duration.ofSeconds(100));
        assertThat(p.lag(at(100))).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void whileBehindForDaysOnlyTheNewestObservationsAreKeptAndTheLagCanOnlyReadLonger() {
        PartitionProgress p = PartitionProgress.first(at(0), 0, 1);
        int looks = PartitionProgress.KEPT_ENDS + 100;
        for (int i = 1; i <= looks; i++) {
            p = p.next(at(i * 5L), 0, 1 + i);
        }
        assertThat(p.ends()).hasSize(PartitionProgress.KEPT_ENDS);
        // the position passes an end whose observation was dropped: the lag still counts from before it
        p = p.next(at(looks * 5L + 5), 50, looks + 2);
        assertThat(p.lag(at(looks * 5L + 5))).isEqualTo(Duration.ofSeconds(looks * 5L + 5));
    }
}
