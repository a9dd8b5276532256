package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;

/**
 * {@code connectivity}: a CONNECTIVITY check fails, e.g. the legacy ERP API re-verified the day before the
 * cutover (CRITICAL). One episode per check, in any phase; it resolves when the check passes.
 */
final class ConnectivityPolicy {

    private ConnectivityPolicy() {
    }

    static void onCheck(Step s, CheckEvent e) {
        if (e.kind() != CheckEvent.CheckKind.CONNECTIVITY) {
            return;
        }
        var open = s.firingKey(Rule.CONNECTIVITY, e.check());
        if (!e.passed() && open.isEmpty()) {
            s.fire(Rule.CONNECTIVITY, "connectivity|" + e.check() + "|" + s.now, e.check(), Action.NONE,
                    "connectivity check " + e.check() + " failed" + (e.detail() == null ? "" : ": " + e.detail()),
                    s.thisEvent());
        } else if (e.passed() && open.isPresent()) {
            s.resolve(open.get(), "connectivity check " + e.check() + " passes again");
        }
    }
}
