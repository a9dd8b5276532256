package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.Cutover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cutover-overrun}: the cutover clock (CUTOVER STARTED until COMPLETED, FAILED or ROLLBACK STARTED) runs
 * past maxDuration (6 h): ROLLBACK, decided by the Migration Lead within 2 h. "Past" is strictly after: a cutover
 * at exactly 6h00m00s is on time. Decided at the first event past the limit, or by a live tick when tools go
 * silent; if that event stops the clock, it fires and resolves at once, so the overrun stays on record. Fires
 * once per cutover; resolves when the clock stops or a GO naming it (or ROLLBACK COMPLETED) answers it.
 */
final class CutoverOverrunPolicy {

    private CutoverOverrunPolicy() {
    }

    static void checkClock(Step s) {
        Cutover c = s.phases.cutover();
        if (c == null || !c.running() || c.overrunFired()) {
            return;
        }
        Duration limit = s.plan.cutover().maxDuration();
        if (!s.now.isAfter(c.startedAt().plus(limit))) {
            return;
        }
        s.phases = s.phases.withCutover(new Cutover(c.startedAt(), c.startEventId(), null, null, true));
        List<String> evidence = new ArrayList<>(List.of(c.startEventId()));
        evidence.addAll(s.thisEvent());
        s.fire(Rule.CUTOVER_OVERRUN, "cutover-overrun|" + c.startedAt() + "|" + s.now, "cutover " + c.startedAt(),
                Action.ROLLBACK,
                "cutover running " + Texts.duration(Duration.between(c.startedAt(), s.now)) + " since CUTOVER STARTED at "
                        + c.startedAt() + ", over the " + Texts.duration(limit) + " limit: "
                        + s.rollbackCall(Rule.CUTOVER_OVERRUN), evidence);
    }

    /** The clock stopped (CUTOVER COMPLETED or FAILED, or ROLLBACK STARTED): an open overrun resolves. */
    static void clockStopped(Step s, Cutover c, String how) {
        s.firingKey(Rule.CUTOVER_OVERRUN, "cutover " + c.startedAt()).ifPresent(key -> s.resolve(key,
                "the cutover clock stopped: " + how + " after "
                        + Texts.duration(Duration.between(c.startedAt(), s.now))));
    }
}
