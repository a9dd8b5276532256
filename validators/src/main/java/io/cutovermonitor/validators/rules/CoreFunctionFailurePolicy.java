package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.rules.MigrationState.CheckStatus;

/**
 * {@code core-function-failure}: once the data has moved (the FINAL sync completed) and until the observation
 * period ends, a FUNCTION check of a core function (order receipt, PO) fails post-migration validation:
 * ROLLBACK, decided by the IT Infrastructure Department Manager within 4 h. One episode per check; it resolves
 * when the check passes, or when a GO naming the rule (or ROLLBACK COMPLETED) answers it. A GO answers the
 * episode: a check that keeps failing after it raises nothing new until it has passed once.
 */
final class CoreFunctionFailurePolicy {

    private CoreFunctionFailurePolicy() {
    }

    static void onCheck(Step s, CheckEvent e) {
        if (e.kind() != CheckEvent.CheckKind.FUNCTION || !s.plan.isCoreFunction(e.check())) {
            return;
        }
        if (e.passed()) {
            s.firingKey(Rule.CORE_FUNCTION_FAILURE, e.check())
                    .ifPresent(key -> s.resolve(key, "core function " + e.check() + " passes again"));
            return;
        }
        boolean postMigration = s.dataMoved() && (s.phases.goLiveAt() == null || s.inObservation());
        CheckStatus status = s.checks.get(e.check());
        boolean answered = status != null && status.answered();
        if (!postMigration || answered || s.isFiring(Rule.CORE_FUNCTION_FAILURE, e.check())) {
            return;
        }
        String when = s.phases.goLiveAt() == null ? "inside the window, after the FINAL sync"
                : "after go-live, observation day " + s.observationDay() + " of " + s.plan.observation().days();
        s.fire(Rule.CORE_FUNCTION_FAILURE, "core-function-failure|" + e.check() + "|" + s.now, e.check(),
                Action.ROLLBACK, "core function " + e.check() + " failed post-migration validation (" + when + ")"
                        + (e.detail() == null ? "" : " - " + e.detail()) + ": "
                        + s.rollbackCall(Rule.CORE_FUNCTION_FAILURE), s.thisEvent());
    }

    /** A GO naming the rule: the failing checks it answers stay quiet until they have passed once. */
    static void answeredByGo(Step s) {
        for (String key : s.firingKeys(Rule.CORE_FUNCTION_FAILURE)) {
            String check = s.firing.get(key).subject();
            CheckStatus c = s.checks.get(check);
            if (c != null) {
                s.checks = Maps.with(s.checks, check,
                        new CheckStatus(c.kind(), c.passing(), c.failures(), c.lastAt(), c.detail(), true));
            }
        }
    }
}
