package io.cutovermonitor.service.api;

import io.cutovermonitor.service.ingest.EventPublisher;
import io.cutovermonitor.service.ingest.PlanChanges;
import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.Limits;
import io.cutovermonitor.validators.plan.PlanException;
import io.cutovermonitor.validators.plan.PlanLoader;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /api/migrations/{id}/plan}: sets the plan a migration is judged against, from YAML or JSON. The plan
 * travels as a {@code migration.plan.v1} event ({@link PlanChanges}): applied, it is the migration's next plan version
 * ({@code GET …/plan/versions}) and re-judges its history, publishing once what the new plan decides differently.
 * The answer waits for that (200, with the version and those transitions), or says it is on its way (202). Needs
 * OPERATOR.
 */
@RestController
class PlanController {

    /** A plan travels as an event, which must stay under Kafka's 1 MiB record: a real plan is a few kilobytes. */
    static final int MAX_PLAN_BYTES = Limits.MAX_PLAN_TEXT;
    /** How long the answer waits for the consumer to apply the plan: a re-judgement of a large night takes seconds. */
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(20);

    private final PlanRegistry plans;
    private final PlanChanges changes;
    private final AlertOutbox alerts;

    PlanController(PlanRegistry plans, PlanChanges changes, AlertOutbox alerts) {
        this.plans = plans;
        this.changes = changes;
        this.alerts = alerts;
    }

    /** The plan as JSON, and what putting it came to: its event, its version and what it re-judged. */
    record Answer(@JsonUnwrapped PlanView plan, Map<String, Object> planChange) {
    }

    /** Every plan put for the migration, oldest first: who put it, when, its digest and its text. Open to read. */
    @GetMapping("/api/migrations/{id}/plan/versions")
    Map<String, Object> versions(@PathVariable String id) {
        return Map.of("migrationId", id, "versions", plans.versionsOf(id));
    }

    @PutMapping(path = "/api/migrations/{id}/plan", consumes = {"application/yaml", "text/yaml",
            "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<?> put(@PathVariable String id, HttpServletRequest request,
                          @RequestHeader("Content-Type") MediaType contentType, Principal user)
            throws IOException, InterruptedException {
        String idProblem = Limits.migrationIdProblem(id);
        if (idProblem != null) {
            // the same grammar as the events': a plan for an id no event can carry would govern nothing
            return ResponseEntity.badRequest().body(Map.of("error", "the migration id " + idProblem));
        }
        byte[] body = BoundedBody.read(request, MAX_PLAN_BYTES);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Map.of("error",
                    "the plan is over the limit of " + BoundedBody.describe(MAX_PLAN_BYTES)));
        }
        Charset charset = contentType.getCharset() != null ? contentType.getCharset() : StandardCharsets.UTF_8;
        String text = new String(body, charset);
        try {
            PlanChanges.Put put = changes.put(id, text, user.getName(), user.getName(), APPLIED_WITHIN);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("event", put.event().id());
            change.put("putAt", Iso.instant(put.event().time()));
            PlanView plan = PlanView.of(PlanLoader.fromText(text, id));
            if (put.version().isEmpty()) {
                change.put("status", "on the telemetry topic, not applied yet: GET " + MigrationsController.statusPath(id)
                        + "/plan/versions lists it once it is");
                return ResponseEntity.accepted().body(new Answer(plan, change));
            }
            change.put("version", put.version().get());
            // what the re-judgement published: each names the plan change among its evidence
            change.put("rejudged", alerts.transitionsOf(id).stream()
                    .filter(t -> t.data().path("evidence").toString().contains('"' + put.event().id() + '"'))
                    .map(t -> Map.of("rule", t.rule(), "state", t.state(), "at", Iso.instant(t.at()),
                            "summary", t.summary(), "episode", t.episodeKey())).toList());
            return ResponseEntity.ok(new Answer(plan, change));
        } catch (EventPublisher.NotAcknowledgedException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "Kafka did not acknowledge the plan; it is not put, send again"));
        } catch (PlanException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "not a valid plan: " + e.getMessage());
            if (e.line() > 0) {
                error.put("line", e.line());
            }
            return ResponseEntity.badRequest().body(error);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "not a valid plan: " + e.getMessage()));
        }
    }
}
