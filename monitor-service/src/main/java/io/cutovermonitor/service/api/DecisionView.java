package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;

/**
 * A decision recorded for a migration: who decided what, when, why, the rule it answers (if any), and the API
 * account that recorded it.
 */
record DecisionView(String id, String source, String time, String decision, String by, String reason, String rule,
                    String account) {

    static DecisionView of(TelemetryEvent event, DecisionEvent decision) {
        return new DecisionView(event.id(), event.source(), Iso.instant(event.time()), decision.decision().name(),
                decision.by(), decision.reason(), decision.rule(), decision.account());
    }
}
