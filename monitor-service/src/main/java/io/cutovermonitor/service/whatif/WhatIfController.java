package io.cutovermonitor.service.whatif;

import io.cutovermonitor.service.rules.KnownMigrations;
import io.cutovermonitor.validators.plan.PlanException;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/migrations/{id}/what-if} with a draft plan (YAML or JSON, the format and validation of
 * {@code PUT …/plan}; {@code ?from=…&to=…} narrows the comparison to a stretch of time, {@code ?phase=rehearsal-2}
 * to the phase of that name, from its STARTED to its end): the alert transitions that
 * plan gives over the migration's recorded events, next to those on record, and the differences. Changes nothing;
 * needs OPERATOR like every POST (a replay of a large migration is work for the service).
 */
@RestController
class WhatIfController {

    private final WhatIf whatIf;
    private final KnownMigrations known;

    WhatIfController(WhatIf whatIf, KnownMigrations known) {
        this.whatIf = whatIf;
        this.known = known;
    }

    @PostMapping(path = "/api/migrations/{id}/what-if", consumes = {"application/yaml", "text/yaml",
            "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<?> whatIf(@PathVariable String id, @RequestBody String plan,
                             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String phase) {
        known.require(id);
        Instant start;
        Instant end;
        try {
            start = from == null ? null : Instant.parse(from);
            end = to == null ? null : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "from and to are ISO-8601 instants, e.g. 2026-11-14T22:00:00Z");
        }
        if (phase != null && (start != null || end != null)) {
            return error(HttpStatus.BAD_REQUEST, "give a phase or from/to, not both");
        }
        try {
            return ResponseEntity.ok(phase == null ? whatIf.of(id, PlanLoader.fromText(plan, id), start, end)
                    : whatIf.ofPhase(id, PlanLoader.fromText(plan, id), phase));
        } catch (WhatIf.NoSuchPhase e) {
            return error(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (PlanException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "not a valid plan: " + e.getMessage());
            if (e.line() > 0) {
                body.put("line", e.line());
            }
            return ResponseEntity.badRequest().body(body);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "not a valid plan: " + e.getMessage());
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
