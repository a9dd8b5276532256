package io.cutovermonitor.service.api;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventType;
import org.springframework.stereotype.Component;

import java.util.List;

/** The decisions of a migration as the ledger holds them (the events themselves, parsed again), in event order. */
@Component
class DecisionLog {

    private final EventLedger ledger;

    DecisionLog(EventLedger ledger) {
        this.ledger = ledger;
    }

    List<DecisionView> of(String migrationId) {
        return ledger.eventsOf(migrationId, EventType.DECISION).stream()
                .map(event -> DecisionView.of(event, (DecisionEvent) event.data()))
                .toList();
    }
}
