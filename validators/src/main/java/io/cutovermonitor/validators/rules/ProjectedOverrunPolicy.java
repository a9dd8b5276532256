package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.Cutover;
import io.cutovermonitor.validators.rules.MigrationState.Sample;
import io.cutovermonitor.validators.rules.MigrationState.SyncProgress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cutover-projected-overrun}: during the cutover, the finish projected from the syncs' own progress passes
 * start + maxDuration (WARNING): records left (recordsTotal − recordsSynced over RUNNING syncs) at the rate
 * recordsSynced grew over the last 15 min of event time. A RUNNING sync that has not grown for 15 min projects no
 * finish at all, which fires the rule (a stalled sync is when the warning matters most). Resolves when the
 * projection is back within the limit, when no sync is running any more, or when the cutover clock stops.
 */
final class ProjectedOverrunPolicy {

    private static final String SUBJECT = "projection";

    private ProjectedOverrunPolicy() {
    }

    static void evaluate(Step s) {
        if (!s.cutoverRunning()) {
            return;
        }
        Cutover c = s.phases.cutover();
        Instant limit = c.startedAt().plus(s.plan.cutover().maxDuration());
        Duration lookback = s.plan.cutover().projectionLookback();
        List<Map.Entry<String, SyncProgress>> running = s.syncs.entrySet().stream()
                .filter(e -> "RUNNING".equals(e.getValue().state())).toList();
        if (running.isEmpty()) {
            s.projectedFinish = null;
            resolve(s, "no sync is running any more: nothing left to project");
            return;
        }
        Optional<Map.Entry<String, SyncProgress>> stalled = running.stream()
                .filter(e -> !s.now.isBefore(e.getValue().lastGrowthAt().plus(lookback))).findFirst();
        if (stalled.isPresent()) {
            s.projectedFinish = null;
            SyncProgress sync = stalled.get().getValue();
            fire(s, c, "sync " + stalled.get().getKey() + " has not grown for "
                    + Texts.duration(Duration.between(sync.lastGrowthAt(), s.now))
                    + " (stuck at " + Texts.count(sync.recordsSynced()) + " records): no finish can be projected"
                    + " and the cutover limit " + limit + " is at risk", List.of(sync.eventId()));
            return;
        }
        long left = 0;
        double perSecond = 0;
        for (Map.Entry<String, SyncProgress> e : running) {
            SyncProgress sync = e.getValue();
            if (sync.recordsTotal() != null) {
                left = Counts.plus(left, Math.max(0, sync.recordsTotal() - sync.recordsSynced()));
            }
            perSecond += rate(sync, s.now, lookback);
        }
        if (perSecond <= 0) {
            return; // too early to tell: no verdict either way
        }
        Instant finish = s.now.plusSeconds((long) Math.ceil(left / perSecond));
        s.projectedFinish = finish;
        if (finish.isAfter(limit)) {
            fire(s, c, "projected finish " + finish + " (" + Texts.count(left) + " records left at "
                    + Texts.count(Math.round(perSecond * 3600)) + " records/hour) passes the cutover limit "
                    + limit + " (" + Texts.duration(s.plan.cutover().maxDuration()) + " after CUTOVER STARTED)",
                    running.stream().map(e -> e.getValue().eventId()).toList());
        } else {
            resolve(s, "projected finish " + finish + " is back within the cutover limit " + limit);
        }
    }

    /** Records per second a sync grew over the lookback (from its first sample if it started inside it). */
    private static double rate(SyncProgress sync, Instant now, Duration lookback) {
        Instant from = now.minus(lookback);
        Sample base = sync.samples().get(0);
        for (Sample sample : sync.samples()) {
            if (!sample.at().isAfter(from)) {
                base = sample;
            }
        }
        Instant start = base.at().isBefore(from) ? from : base.at();
        long seconds = Duration.between(start, now).getSeconds();
        return seconds <= 0 ? 0 : (double) (sync.recordsSynced() - base.recordsSynced()) / seconds;
    }

    static void clockStopped(Step s, String how) {
        s.projectedFinish = null;
        resolve(s, how + " clears the projection");
    }

    private static void fire(Step s, Cutover c, String summary, List<String> evidence) {
        if (!s.isFiring(Rule.CUTOVER_PROJECTED_OVERRUN, SUBJECT)) {
            s.fire(Rule.CUTOVER_PROJECTED_OVERRUN, "cutover-projected-overrun|" + c.startedAt() + "|" + s.now, SUBJECT,
                    Action.NONE, summary, evidence);
        }
    }

    private static void resolve(Step s, String summary) {
        s.firingKey(Rule.CUTOVER_PROJECTED_OVERRUN, SUBJECT).ifPresent(key -> s.resolve(key, summary));
    }
}
