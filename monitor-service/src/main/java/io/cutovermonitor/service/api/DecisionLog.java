package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.EventType;
import io.cutovermonitor.validators.event.ParseResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** The decisions of a migration as the ledger holds them (the events themselves, parsed again), in event order. */
@Component
class DecisionLog {

    private final JdbcClient jdbc;
    private final EventParser parser = new EventParser();

    DecisionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DecisionView> of(String migrationId) {
        return jdbc.sql("SELECT body FROM ledger_event WHERE migration_id = ? AND event_type = ? "
                        + "ORDER BY event_time, seq")
                .params(migrationId, EventType.DECISION.ceType())
                .query(String.class).list().stream()
                .map(body -> parser.parseStructured(body.getBytes(StandardCharsets.UTF_8)))
                .map(result -> result instanceof ParseResult.Accepted ok
                        && ok.event().data() instanceof DecisionEvent decision
                        ? DecisionView.of(ok.event(), decision) : null)
                .filter(Objects::nonNull)
                .toList();
    }
}
