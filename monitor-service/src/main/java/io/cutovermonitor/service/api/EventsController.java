package io.cutovermonitor.service.api;

import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.ingest.EventPublisher;
import io.cutovermonitor.service.ledger.ArchivedMigrations;
import io.cutovermonitor.validators.event.ContentTypes;
import io.cutovermonitor.service.metrics.IngestMetrics;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.EventType;
import io.cutovermonitor.validators.event.ParseResult;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/events}: for tools that cannot speak Kafka. The same parser as the consumer decides; all events
 * of a request are valid or none is written, and 202 comes only after Kafka acknowledged every one.
 */
@RestController
class EventsController {

    /** A request body larger than this is refused, and read no further than this (a batch of many 1 MiB events). */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final EventParser parser;
    private final JsonMapper json;
    private final EventPublisher publisher;
    private final ArchivedMigrations archive;

    EventsController(EventPublisher publisher, EventParser parser, ArchivedMigrations archive, JsonMapper json) {
        this.json = json;
        this.publisher = publisher;
        this.parser = parser;
        this.archive = archive;
    }

    @PostMapping(path = "/api/events", consumes = {ContentTypes.STRUCTURED, ContentTypes.BATCH,
            "application/json"})
    ResponseEntity<Map<String, Object>> post(HttpServletRequest request) throws IOException, InterruptedException {
        byte[] body = BoundedBody.read(request, MAX_REQUEST_BYTES);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Map.of("error", "the request is over the limit of "
                    + BoundedBody.describe(MAX_REQUEST_BYTES) + " (" + MAX_REQUEST_BYTES
                    + " bytes); nothing of it was written, send fewer events per request"));
        }
        List<byte[]> records;
        try {
            records = split(body);
        } catch (JacksonException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        List<ParseResult.Accepted> accepted = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ParseResult result = parser.parseStructured(records.get(i));
            if (result instanceof ParseResult.Accepted ok && DecisionSeal.isSealed(ok.event().type())) {
                // whatever the account's role: a decision here would carry no one's authority, and would answer a
                // rollback trigger in the name of whoever its "by" claims; a plan change would re-judge the night
                boolean plan = ok.event().type() == EventType.PLAN;
                return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("accepted", 0, "rejected", List.of(
                        Map.of("index", i, "reason", plan ? IngestMetrics.UNSIGNED_PLAN : IngestMetrics.UNSIGNED_DECISION,
                                "error", (plan ? "plans are put through PUT /api/migrations/{id}/plan"
                                        : "decisions are recorded through POST /api/migrations/{id}/decisions")
                                        + ", which signs them; nothing of this request was written"))));
            }
            if (result instanceof ParseResult.Accepted ok && archive.isArchived(ok.event().migrationId())) {
                rejected.add(Map.of("index", i, "reason", IngestMetrics.ARCHIVED, "error", "migration "
                        + ok.event().migrationId() + " is archived: reopen it (POST /api/migrations/{id}/reopen) "
                        + "before it takes events again"));
            } else if (result instanceof ParseResult.Accepted ok) {
                accepted.add(ok);
            } else {
                var rejection = ((ParseResult.Rejected) result).rejection();
                Map<String, Object> reason = new LinkedHashMap<>();
                reason.put("index", i);
                reason.put("reason", rejection.reason().label());
                reason.put("error", rejection.message());
                rejected.add(reason);
            }
        }
        if (!rejected.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("accepted", 0, "rejected", rejected));
        }
        try {
            publisher.publish(accepted);
        } catch (EventPublisher.NotAcknowledgedException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "Kafka did not acknowledge the events; nothing is confirmed, send again"));
        }
        return ResponseEntity.accepted().body(Map.of("accepted", accepted.size()));
    }

    /** One event (an object) or a batch (an array); each element becomes one record. */
    private List<byte[]> split(byte[] body) {
        JsonNode root = json.readTree(body);
        if (root == null || !root.isArray()) {
            return List.of(body);
        }
        List<byte[]> records = new ArrayList<>();
        root.forEach(element -> records.add(json.writeValueAsBytes(element)));
        return records;
    }
}
