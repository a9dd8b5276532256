package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.PhasePeak;
import io.cutovermonitor.validators.rules.MigrationState.Throughput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
        List<Bucket> buckets = new ArrayList<>(s.throughput.buckets());
        int at = 0;
        while (at < buckets.size() && buckets.get(at).end().isBefore(e.intervalEnd())) {
            at++;
        }
        if (at < buckets.size() && buckets.get(at).end().equals(e.intervalEnd())) {
            buckets.set(at, new Bucket(e.intervalEnd(), Counts.plus(buckets.get(at).records(), e.records())));
        } else {
            buckets.add(at, new Bucket(e.intervalEnd(), e.records()));
        }
        // keep the trailing hours and whatever an open rehearsal or cutover may still need for its peak
        Instant keepFrom = s.now.minus(HOUR.multipliedBy(2));
        for (Instant start : s.phases.openRehearsals().values()) {
            keepFrom = earlier(keepFrom, start.minus(HOUR));
        }
        if (s.cutoverRunning()) {
            keepFrom = earlier(keepFrom, s.phases.cutover().startedAt().minus(HOUR));
        }
        Instant from = keepFrom;
        buckets.removeIf(b -> b.end().isBefore(from));
        s.throughput = new Throughput(buckets, s.throughput.belowSince(), s.throughput.peaks());
    }

    /** A REHEARSAL or CUTOVER completed: its peak against the target. */
    static void phaseCompleted(Step s, String phase, Instant startedAt, List<String> evidence) {
        Optional<PhasePeak> peak = s.throughput.buckets().stream()
                .filter(b -> !b.end().isBefore(startedAt) && !b.end().isAfter(s.now))
                .map(b -> new PhasePeak(phase, trailingHour(s.throughput, b.end()), b.end(), s.now))
                .max(Comparator.comparingLong(PhasePeak::recordsPerHour));
        if (peak.isEmpty()) {
            return;
        }
        List<PhasePeak> peaks = new ArrayList<>(s.throughput.peaks());
        peaks.add(peak.get());
        s.throughput = new Throughput(s.throughput.buckets(), s.throughput.belowSince(),
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

    /** During a cutover sync: the trailing-hour rate against the target, after the sync's first hour. */
    static void evaluateRate(Step s) {
        if (!s.cutoverRunning()) {
            return;
        }
        long target = s.plan.throughput().targetPerHour();
        long rate = trailingHour(s.throughput, s.now);
        boolean syncPastFirstHour = s.syncs.values().stream().anyMatch(sync -> "RUNNING".equals(sync.state())
                && !s.now.isBefore(sync.runningSince().plus(HOUR)));
        Instant belowSince = syncPastFirstHour && rate < target
                ? (s.throughput.belowSince() == null ? s.now : s.throughput.belowSince()) : null;
        s.throughput = new Throughput(s.throughput.buckets(), belowSince, s.throughput.peaks());
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
        s.throughput = new Throughput(s.throughput.buckets(), null, s.throughput.peaks());
        s.firingKey(Rule.THROUGHPUT_FLOOR, RATE_SUBJECT)
                .ifPresent(key -> s.resolve(key, "the cutover clock stopped (" + how + "): no live rate to judge"));
    }

    /** Records with intervalEnd in (t − 1 h, t]. */
    static long trailingHour(Throughput throughput, Instant t) {
        Instant from = t.minus(HOUR);
        return throughput.buckets().stream().filter(b -> b.end().isAfter(from) && !b.end().isAfter(t))
                .mapToLong(Bucket::records).reduce(0, Counts::plus);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
