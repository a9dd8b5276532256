package io.cutovermonitor.validators.rules;

import java.time.Duration;

/**
 * {@code telemetry-stale}: during SYNC or CUTOVER, no event of the migration for 10 min on the wall clock
 * (WARNING): a silent tool must not look like a healthy one. Only a live tick can see silence; the next event
 * resolves it.
 */
final class TelemetryStalePolicy {

    private static final String SUBJECT = "telemetry";

    private TelemetryStalePolicy() {
    }

    static void checkSilence(Step s) {
        String phase = s.cutoverRunning() ? "CUTOVER" : s.phases.syncOpen() ? "SYNC" : null;
        var lastArrival = s.clock.lastArrivedAt();
        Duration silence = s.plan.telemetry().silence();
        if (phase == null || lastArrival == null || s.now.isBefore(lastArrival.plus(silence))
                || s.isFiring(Rule.TELEMETRY_STALE, SUBJECT)) {
            return;
        }
        s.fire(Rule.TELEMETRY_STALE, "telemetry-stale|" + lastArrival, SUBJECT, Action.NONE,
                "no event for " + Texts.duration(Duration.between(lastArrival, s.now)) + " during " + phase
                        + " (the last arrived at " + lastArrival + "): check that the migration tools still report",
                java.util.List.of());
    }

    static void eventArrived(Step s) {
        s.firingKey(Rule.TELEMETRY_STALE, SUBJECT).ifPresent(key -> s.resolve(key, "events arrive again"));
    }
}
