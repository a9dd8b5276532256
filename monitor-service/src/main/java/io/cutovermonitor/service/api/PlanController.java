package io.cutovermonitor.service.api;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.Limits;
import io.cutovermonitor.validators.plan.PlanException;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /api/migrations/{id}/plan}: sets the plan a migration is judged against, from YAML or JSON. It governs
 * the migration's next events and ticks; what was decided under the old plan stays decided. Needs OPERATOR. Every plan
 * put is kept as a version ({@code GET …/plan/versions}).
 */
@RestController
class PlanController {

    static final int MAX_PLAN_BYTES = 1024 * 1024;

    private final PlanRegistry plans;

    PlanController(PlanRegistry plans) {
        this.plans = plans;
    }

    /** Every plan put for the migration, oldest first: who put it, when, its digest and its text. Open to read. */
    @GetMapping("/api/migrations/{id}/plan/versions")
    Map<String, Object> versions(@PathVariable String id) {
        return Map.of("migrationId", id, "versions", plans.versionsOf(id));
    }

    @PutMapping(path = "/api/migrations/{id}/plan", consumes = {"application/yaml", "text/yaml",
            "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<?> put(@PathVariable String id, HttpServletRequest request,
                          @RequestHeader("Content-Type") MediaType contentType, Principal user) throws IOException {
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
        try {
            return ResponseEntity.ok(PlanView.of(plans.put(id, new String(body, charset), user.getName())));
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
