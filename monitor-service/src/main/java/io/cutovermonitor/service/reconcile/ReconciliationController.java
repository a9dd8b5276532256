package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.validators.event.Limits;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/migrations/{id}/reconciliations} starts a reconciliation of the migration's source and target
 * databases (OPERATOR; 202 with the run's status URL); {@code GET /api/migrations/{id}/reconciliations/{runId}} is
 * its status (open to read, like every GET).
 */
@RestController
class ReconciliationController {

    /** Differing keys a run's status lists at most (the ledger holds up to maxDifferences per table). */
    static final int STATUS_DIFFERENCES = 1000;

    private final JsonMapper json;

    private final ReconciliationRuns runs;
    private final ReconciliationLedger ledger;
    private final ReconciliationProperties properties;

    ReconciliationController(ReconciliationRuns runs, ReconciliationLedger ledger,
                             ReconciliationProperties properties, JsonMapper json) {
        this.json = json;
        this.runs = runs;
        this.ledger = ledger;
        this.properties = properties;
    }

    @PostMapping(path = "/api/migrations/{id}/reconciliations", consumes = "application/json")
    ResponseEntity<Map<String, Object>> start(@PathVariable String id, @RequestBody ReconciliationRunRequest body) {
        List<String> problems = body == null ? List.of("a JSON body is required") : body.problems(properties.connections());
        String idProblem = Limits.migrationIdProblem(id);
        if (idProblem != null) {
            problems = new java.util.ArrayList<>(problems);
            problems.add(0, "the migration id " + idProblem);
        }
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid reconciliation request",
                    "problems", problems));
        }
        ReconciliationRuns.Started started = runs.start(id, body);
        if (started instanceof ReconciliationRuns.Accepted a) {
            String status = statusPath(id, a.runId());
            return ResponseEntity.accepted().location(URI.create(status))
                    .body(Map.of("runId", a.runId(), "state", "RUNNING", "status", status));
        }
        if (started instanceof ReconciliationRuns.AlreadyRunning r) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "a reconciliation of " + id + " is under way", "runId", r.runId(),
                            "status", statusPath(id, r.runId())));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "too many reconciliations under way; try again later"));
    }

    @GetMapping("/api/migrations/{id}/reconciliations/{runId}")
    ResponseEntity<Map<String, Object>> status(@PathVariable String id, @PathVariable String runId) {
        return ledger.run(id, runId).<ResponseEntity<Map<String, Object>>>map(run -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("migrationId", run.migrationId());
            view.put("runId", run.runId());
            view.put("state", run.state());
            view.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
            view.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
            JsonNode summary = run.summary() == null ? null : json.readTree(run.summary());
            view.put("tables", summary == null ? List.of() : summary.get("tables"));
            view.put("error", summary == null || summary.get("error") == null || summary.get("error").isNull()
                    ? null : summary.get("error").asString());
            view.put("differences", ledger.differences(id, runId, STATUS_DIFFERENCES).stream()
                    .map(d -> Map.of("table", d.table(), "key", d.key(), "type", d.type())).toList());
            return ResponseEntity.ok(view);
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("error", "no reconciliation " + runId + " of migration " + id)));
    }

    static String statusPath(String id, String runId) {
        return "/api/migrations/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8) + "/reconciliations/"
                + UriUtils.encodePathSegment(runId, StandardCharsets.UTF_8);
    }
}
