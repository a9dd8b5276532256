package io.cutovermonitor.service.api;

import io.cutovermonitor.service.ingest.EventPublisher;
import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.rules.KnownMigrations;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.ParseResult;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/migrations/{id}/decisions}: a person records go / no-go / rollback with a reason. The decision is
 * written to the telemetry topic as a {@code migration.decision.v1} event stamped with the moment it was received,
 * so it reaches the ledger and the rules like any event and is part of every replay; 202 comes once Kafka
 * acknowledged it. The event names the authenticated account beside the {@code by} text and carries the seal
 * ({@link DecisionSeal}) without which the consumer would not apply it. Needs OPERATOR.
 */
@RestController
class DecisionsController {

    static final String SOURCE = "/cutover-monitor/api/decisions";
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventParser parser;
    private final JsonMapper json;
    private final EventPublisher publisher;
    private final KnownMigrations known;
    private final DecisionSeal seal;
    private final Clock clock;

    DecisionsController(EventPublisher publisher, KnownMigrations known, DecisionSeal seal,
                        Clock clock, EventParser parser, JsonMapper json) {
        this.json = json;
        this.publisher = publisher;
        this.parser = parser;
        this.seal = seal;
        this.known = known;
        this.clock = clock;
    }

    @PostMapping(path = "/api/migrations/{id}/decisions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> decide(@PathVariable String id, HttpServletRequest http, Principal user)
            throws IOException, InterruptedException {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] body = BoundedBody.read(http, MAX_REQUEST_BYTES);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Map.of("error",
                    "the request is over the limit of " + BoundedBody.describe(MAX_REQUEST_BYTES) + " for a decision"));
        }
        DecisionRequest request;
        try {
            request = DecisionRequest.from(json.readTree(body));
        } catch (JacksonException e) {
            return invalid(List.of("not valid JSON (" + e.getOriginalMessage() + ")"));
        } catch (DecisionRequest.Invalid e) {
            return invalid(e.problems());
        }
        known.require(id);
        String by = request.by() != null ? request.by() : user != null ? user.getName() : null;
        if (by == null) {
            return invalid(List.of("by: is required"));
        }

        String event = CloudEventWriter.structured(UUID.randomUUID().toString(), SOURCE, received,
                new DecisionEvent(id, request.decision(), by, request.reason(), request.rule(),
                        user == null ? null : user.getName()));
        // the same parser as the consumer's: what is answered 202 here is applied there
        ParseResult result = parser.parseStructured(event.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ParseResult.Accepted unsealed)) {
            return invalid(List.of(((ParseResult.Rejected) result).rejection().message()));
        }
        // sealed: the consumer applies only decisions this API wrote
        ParseResult.Accepted accepted = seal.seal(unsealed);
        try {
            publisher.publish(List.of(accepted));
        } catch (EventPublisher.NotAcknowledgedException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "Kafka did not acknowledge the decision; it is not recorded, send again"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", accepted.event().id());
        answer.put("source", SOURCE);
        answer.put("time", Iso.instant(received));
        answer.put("migrationId", id);
        answer.put("decision", request.decision().name());
        answer.put("by", by);
        answer.put("reason", request.reason());
        answer.put("rule", request.rule());
        answer.put("account", user == null ? null : user.getName());
        answer.put("status", MigrationsController.statusPath(id));
        return ResponseEntity.accepted().body(answer);
    }

    private static ResponseEntity<Map<String, Object>> invalid(List<String> problems) {
        return ResponseEntity.badRequest().body(Map.of("error", "not a valid decision", "problems", problems));
    }
}
