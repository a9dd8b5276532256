package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.PhasePeak;
import io.cutovermonitor.validators.rules.MigrationState.Throughput;
import org.pcollections.PVector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code throughput-floor}: the plan confirms 50,000 records/hour at peak (WARNING). Throughput is the
 * {@code records} of throughput events summed over all components; the trailing hour at t sums the events whose
 * intervalEnd lies in (t − 1 h, t].
 * <ul>
 * <li>A REHEARSAL or CUTOVER that completes with its peak (the highest trailing hour at any intervalEnd inside
 * it) under target fires an episode for that phase; a phase without throughput events gives no verdict, nor
 * does a FAILED one. The episodes resolve when a later REHEARSAL or CUTOVER completes at or above target.</li>
 * <li>During a cutover, while a sync is RUNNING and after its first hour, a trailing-hour rate under target for
 * 15 min fires; it resolves when the rate is back at target or the cutover clock stops.</li>
 * </ul>
 */
final class ThroughputFloorPolicy {

    private static final String RATE_SUBJECT = "cutover rate";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int PEAKS_KEPT = 10;

    private ThroughputFloorPolicy() {
    }

    static void record(Step s, ThroughputEvent e) {
        Throughput t = s.throughput;
        PVector<Bucket> buckets = (PVector<Bucket>) t.buckets();
        int at = firstAtOrAfter(buckets, e.intervalEnd());
        if (at < buckets.size() && buckets.get(at).end().equals(e.intervalEnd())) {
            buckets = buckets.with(at, new Bucket(e.intervalEnd(), Counts.plus(buckets.get(at).records(), e.records())));
        } else {
            buckets = buckets.plus(at, new Bucket(e.intervalEnd(), e.records()));
        }
        s.bucketChanged(e.intervalEnd());
        long window = t.windowEnd() != null && inHourTo(e.intervalEnd(), t.windowEnd())
                ? Counts.plus(t.windowRecords(), e.records()) : t.windowRecords();
        // keep the trailing hours and whatever an open rehearsal or cutover may still need for its peak
        Instant keepFrom = s.now.minus(HOUR.multipliedBy(2));
        for (Instant start : s.phases.openRehearsals().values()) {
            keepFrom = earlier(keepFrom, start.minus(HOUR));
        }
        if (s.cutoverRunning()) {
            keepFrom = earlier(keepFrom, s.phases.cutover().startedAt().minus(HOUR));
        }
        while (!buckets.isEmpty() && buckets.get(0).end().isBefore(keepFrom)) {
            buckets = buckets.minus(0);
        }
        s.throughput = new Throughput(buckets, t.belowSince(), t.peaks(), t.windowEnd(), window);
    }

    /** A REHEARSAL or CUTOVER completed: its peak against the target. */
    static void phaseCompleted(Step s, String phase, Instant startedAt, List<String> evidence) {
        Optional<PhasePeak> peak = peakBetween(s.throughput.buckets(), startedAt, s.now)
                .map(b -> new PhasePeak(phase, b.records(), b.end(), s.now));
        if (peak.isEmpty()) {
            return;
        }
        List<PhasePeak> peaks = new ArrayList<>(s.throughput.peaks());
        peaks.add(peak.get());
        s.throughput = with(s.throughput, s.throughput.belowSince(),
                peaks.subList(Math.max(0, peaks.size() - PEAKS_KEPT), peaks.size()));
        long target = s.plan.throughput().targetPerHour();
        long value = peak.get().recordsPerHour();
        if (value < target) {
            s.fire(Rule.THROUGHPUT_FLOOR, "throughput-floor|" + phase + "|" + s.now, phase, Action.NONE,
                    phase + " completed with peak trailing-hour throughput " + Texts.count(value)
                            + " records/hour (at " + peak.get().at() + "), under the target " + Texts.count(target),
                    evidence);
        } else {
            for (String key : s.firingKeys(Rule.THROUGHPUT_FLOOR)) {
                if (!s.firing.get(key).subject().equals(RATE_SUBJECT)) {
                    s.resolve(key, phase + " completed at peak " + Texts.count(value)
                            + " records/hour, at or above target");
                }
            }
        }
    }

    /**
     * The highest trailing hour at any interval end in [from, to], as a bucket of (that end, the hour's records):
     * the first such end on a tie. One pass over the buckets, the hour's sum carried from one end to the next.
     */
    private static Optional<Bucket> peakBetween(List<Bucket> buckets, Instant from, Instant to) {
        Bucket best = null;
        int first = firstAtOrAfter(buckets, from);
        int oldest = first < buckets.size() ? firstAfter(buckets, buckets.get(first).end().minus(HOUR)) : first;
        long sum = 0;
        for (int i = oldest; i < first; i++) {
            sum = Counts.plus(sum, buckets.get(i).records());
        }
        boolean saturated = sum == Long.MAX_VALUE;
        for (int i = first; i < buckets.size() && !buckets.get(i).end().isAfter(to); i++) {
            Instant end = buckets.get(i).end();
            sum = Counts.plus(sum, buckets.get(i).records());
            saturated |= sum == Long.MAX_VALUE; // from here on the carried sum is not exact: count each hour out
            while (!buckets.get(oldest).end().isAfter(end.minus(HOUR))) {
                sum -= buckets.get(oldest++).records();
            }
            long hour = saturated ? sumOfHourTo(buckets, end) : sum;
            if (best == null || hour > best.records()) {
                best = new Bucket(end, hour);
            }
        }
        return Optional.ofNullable(best);
    }

    /** During a cutover sync: the trailing-hour rate against the target, after the sync's first hour. */
    static void evaluateRate(Step s) {
        s.throughput = slideHourTo(s.throughput, s.now);
        if (!s.cutoverRunning()) {
            return;
        }
        long target = s.plan.throughput().targetPerHour();
        long rate = trailingHour(s.throughput, s.now);
        boolean syncPastFirstHour = s.syncs.values().stream().anyMatch(sync -> "RUNNING".equals(sync.state())
                && !s.now.isBefore(sync.runningSince().plus(HOUR)));
        Instant belowSince = syncPastFirstHour && rate < target
                ? (s.throughput.belowSince() == null ? s.now : s.throughput.belowSince()) : null;
        s.throughput = with(s.throughput, belowSince, s.throughput.peaks());
        Optional<String> open = s.firingKey(Rule.THROUGHPUT_FLOOR, RATE_SUBJECT);
        Duration belowFor = s.plan.throughput().belowFor();
        if (open.isEmpty() && belowSince != null && !s.now.isBefore(belowSince.plus(belowFor))) {
            s.fire(Rule.THROUGHPUT_FLOOR, "throughput-floor|" + RATE_SUBJECT + "|" + belowSince, RATE_SUBJECT,
                    Action.NONE, "trailing-hour throughput " + Texts.count(rate) + " records/hour has been under the "
                            + "target " + Texts.count(target) + " for " + Texts.duration(Duration.between(belowSince,
                            s.now)) + " while the cutover sync runs", s.thisEvent());
        } else if (open.isPresent() && rate >= target) {
            s.resolve(open.get(), "trailing-hour throughput back at " + Texts.count(rate)
                    + " records/hour, at or above the target");
        }
    }

    static void clockStopped(Step s, String how) {
        s.throughput = with(s.throughput, null, s.throughput.peaks());
        s.firingKey(Rule.THROUGHPUT_FLOOR, RATE_SUBJECT)
                .ifPresent(key -> s.resolve(key, "the cutover clock stopped (" + how + "): no live rate to judge"));
    }

    /** Records with intervalEnd in (t − 1 h, t]. */
    static long trailingHour(Throughput throughput, Instant t) {
        return t.equals(throughput.windowEnd()) ? throughput.windowRecords() : sumOfHourTo(throughput.buckets(), t);
    }

    /**
     * The trailing hour moved to {@code t}: the buckets that left it are taken off and those that entered it added,
     * so a clock that moves forward costs what moved, not the hour's every bucket. A clock that went back, an hour
     * with nothing in common with the last one, or a saturated sum is counted out again.
     */
    private static Throughput slideHourTo(Throughput throughput, Instant t) {
        Instant last = throughput.windowEnd();
        if (t.equals(last)) {
            return throughput;
        }
        List<Bucket> buckets = throughput.buckets();
        long records;
        if (last == null || t.isBefore(last) || !t.minus(HOUR).isBefore(last)
                || throughput.windowRecords() == Long.MAX_VALUE) {
            records = sumOfHourTo(buckets, t);
        } else {
            records = throughput.windowRecords() - sumBetween(buckets, last.minus(HOUR), t.minus(HOUR));
            records = Counts.plus(records, sumBetween(buckets, last, t));
        }
        return new Throughput(buckets, throughput.belowSince(), throughput.peaks(), t, records);
    }

    private static long sumOfHourTo(List<Bucket> buckets, Instant t) {
        return sumBetween(buckets, t.minus(HOUR), t);
    }

    /** Records with intervalEnd in (after, upTo]. */
    private static long sumBetween(List<Bucket> buckets, Instant after, Instant upTo) {
        long sum = 0;
        for (int i = firstAfter(buckets, after); i < buckets.size() && !buckets.get(i).end().isAfter(upTo); i++) {
            sum = Counts.plus(sum, buckets.get(i).records());
        }
        return sum;
    }

    /** The index of the first bucket that ends at or after {@code t}. */
    static int firstAtOrAfter(List<Bucket> buckets, Instant t) {
        return firstEnding(buckets, end -> !end.isBefore(t));
    }

    /** The index of the first bucket that ends after {@code t}. */
    private static int firstAfter(List<Bucket> buckets, Instant t) {
        return firstEnding(buckets, end -> end.isAfter(t));
    }

    /** A binary search: the buckets are in the order of their ends, and {@code late} holds from some index on. */
    private static int firstEnding(List<Bucket> buckets, Predicate<Instant> late) {
        int low = 0;
        int high = buckets.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (late.test(buckets.get(middle).end())) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private static boolean inHourTo(Instant end, Instant t) {
        return end.isAfter(t.minus(HOUR)) && !end.isAfter(t);
    }

    private static Throughput with(Throughput t, Instant belowSince, List<PhasePeak> peaks) {
        return new Throughput(t.buckets(), belowSince, peaks, t.windowEnd(), t.windowRecords());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
