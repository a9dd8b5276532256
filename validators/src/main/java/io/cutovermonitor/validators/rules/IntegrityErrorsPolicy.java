package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.CountedError;
import io.cutovermonitor.validators.rules.MigrationState.Cutover;
import io.cutovermonitor.validators.rules.MigrationState.IntegrityWindow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code integrity-errors}: 3 or more distinct integrity errors within 6 h of CUTOVER STARTED: ROLLBACK, decided
 * by the Migration Lead within 2 h. The window is fixed from that event, not sliding; an error is one mismatch
 * episode of a chunk, counted at the moment it counts. Fires once per cutover; only an answer (a GO naming it,
 * or ROLLBACK COMPLETED) clears it, so an unanswered trigger stays visible. Once the cutover FAILED or a ROLLBACK
 * has STARTED, rolling back is no longer the call: action NONE.
 */
final class IntegrityErrorsPolicy {

    private IntegrityErrorsPolicy() {
    }

    static void errorCounted(Step s, String subject, List<String> evidence) {
        Cutover cutover = s.phases.cutover();
        Duration window = s.plan.integrity().errorsWindow();
        if (cutover == null || s.now.isBefore(cutover.startedAt()) || s.now.isAfter(cutover.startedAt().plus(window))) {
            return;
        }
        List<CountedError> errors = new ArrayList<>(s.integrityWindow.errors());
        errors.add(new CountedError(subject, s.now, evidence));
        boolean fires = !s.integrityWindow.fired() && errors.size() >= s.plan.integrity().errorsThreshold();
        s.integrityWindow = new IntegrityWindow(errors, s.integrityWindow.fired() || fires);
        if (!fires) {
            return;
        }
        Action action = s.phases.rollbackNoLongerTheCall() ? Action.NONE : Action.ROLLBACK;
        String what = errors.size() + " distinct integrity errors within " + Texts.duration(window)
                + " of CUTOVER STARTED (" + String.join(", ", errors.stream().map(CountedError::subject).toList())
                + ")";
        s.fire(Rule.INTEGRITY_ERRORS, "integrity-errors|" + cutover.startedAt() + "|" + s.now,
                "cutover " + cutover.startedAt(),
                action, action == Action.ROLLBACK ? what + ": " + s.rollbackCall(Rule.INTEGRITY_ERRORS)
                        : what + "; the cutover has failed or a rollback has started, so there is no rollback to call",
                errors.stream().flatMap(e -> e.evidence().stream()).toList());
    }
}
