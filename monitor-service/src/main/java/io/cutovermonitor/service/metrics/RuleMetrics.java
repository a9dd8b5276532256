package io.cutovermonitor.service.metrics;

import io.cutovermonitor.service.rules.RuleCounts;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.rules.AlertTransition;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code migration_events_late_total} and {@code migration_alerts_total}: what the rules decided, counted. */
@Component
class RuleMetrics implements RuleCounts {

    private final MeterRegistry registry;

    RuleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void late(TelemetryEvent event, boolean judgedAsOfItsOwnTime) {
        registry.counter("migration.events.late", "migration", event.migrationId(), "source", event.source(),
                "judged", judgedAsOfItsOwnTime ? "own_time" : "migration_clock").increment();
    }

    @Override
    public void alert(AlertTransition t) {
        registry.counter("migration.alerts", "migration", t.migrationId(), "rule", t.rule(), "state",
                t.state().name()).increment();
    }
}
