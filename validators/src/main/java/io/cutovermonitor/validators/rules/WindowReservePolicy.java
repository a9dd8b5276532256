package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.Phases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code window-reserve}: the maintenance window is shorter than 1.5 x the longest completed rehearsal
 * (WARNING). The window is the latest one a phase event declared, else the plan's (8 h, so the rule can fire
 * before any window is declared). Judged whenever a rehearsal completes or a window is declared; resolves when a
 * longer window is declared.
 */
final class WindowReservePolicy {

    private static final String SUBJECT = "maintenance window";

    private WindowReservePolicy() {
    }

    static void evaluate(Step s) {
        Phases p = s.phases;
        if (p.longestRehearsal() == null) {
            return;
        }
        Duration window = Objects.requireNonNullElse(p.declaredWindow(), s.plan.cutover().maintenanceWindow());
        double factor = s.plan.cutover().windowReserveFactor();
        Duration required = Duration.ofMillis(Math.round(p.longestRehearsal().toMillis() * factor));
        String comparison = " " + factorText(factor) + " x the longest completed rehearsal ("
                + Texts.duration(p.longestRehearsal()) + ") = " + Texts.duration(required);
        boolean tooShort = window.compareTo(required) < 0;
        var open = s.firingKey(Rule.WINDOW_RESERVE, SUBJECT);
        if (tooShort && open.isEmpty()) {
            List<String> evidence = new ArrayList<>(p.rehearsalEvidence());
            if (p.windowEventId() != null) {
                evidence.add(p.windowEventId());
            }
            s.fire(Rule.WINDOW_RESERVE, "window-reserve|" + s.now, SUBJECT, Action.NONE,
                    "maintenance window " + Texts.duration(window) + " is shorter than" + comparison, evidence);
        } else if (!tooShort && open.isPresent()) {
            s.resolve(open.get(), "maintenance window " + Texts.duration(window) + " is at least" + comparison);
        }
    }

    private static String factorText(double factor) {
        return factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor);
    }
}
