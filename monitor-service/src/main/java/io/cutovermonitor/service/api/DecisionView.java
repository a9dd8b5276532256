package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;

/** A decision recorded for a migration: who decided what, when, why, and the rule it answers (if any). */
record DecisionView(String id, String source, String time, String decision, String by, String reason, String rule) {

    static DecisionView of(TelemetryEvent event, DecisionEvent decision) {
        return new DecisionView(event.id(), event.source(), Iso.instant(event.time()), decision.decision().name(),
                decision.by(), decision.reason(), decision.rule());
    }
}
