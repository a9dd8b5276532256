package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.ScheduledReconciliations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the reconciliations a plan schedules ({@code reconciliation:} in the plan, {@link ScheduledReconciliations}):
 * the decisive one once the FINAL sync completed, then one per period of the observation. Each has a run id of its
 * own ({@code plan-final-sync-…}, {@code plan-observation-N}), so it runs once whatever restarts; only the instance
 * that owns the migration starts it. A scheduled run that failed is not retried by itself (a wrong password would be
 * tried every tick): the status shows it FAILED and an operator starts another with {@code POST …/reconciliations}.
 */
@Component
class ScheduledReconciliationRuns {

    static final String RUN_PREFIX = "plan-";
    private static final Logger log = LoggerFactory.getLogger(ScheduledReconciliationRuns.class);

    private final MigrationBook book;
    private final PlanRegistry plans;
    private final ReconciliationRuns runs;
    private final ReconciliationLedger ledger;
    private final ReconciliationProperties properties;
    private final Clock clock;
    /** Scheduled runs whose connections are not configured: said once, not every tick. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    ScheduledReconciliationRuns(MigrationBook book, PlanRegistry plans, ReconciliationRuns runs,
                                ReconciliationLedger ledger, ReconciliationProperties properties, Clock clock) {
        this.book = book;
        this.plans = plans;
        this.runs = runs;
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${monitor.reconciliation.schedule-tick:30s}")
    void startWhatIsDue() {
        Instant now = clock.instant();
        book.owned().forEach((migrationId, entry) -> {
            MigrationPlan plan = plans.planFor(migrationId);
            for (String due : ScheduledReconciliations.due(entry.state(), plan, now)) {
                start(migrationId, plan, RUN_PREFIX + due);
            }
        });
    }

    private void start(String migrationId, MigrationPlan plan, String runId) {
        if (ledger.run(migrationId, runId).isPresent()) {
            return;
        }
        ReconciliationRunRequest body = ReconciliationRunRequest.of(plan.reconciliation());
        List<String> problems = body.problems(properties.connections());
        if (!problems.isEmpty()) {
            if (refused.add(migrationId + '\u0000' + runId)) {
                log.warn("The plan of migration {} schedules reconciliation {}, which cannot run: {}", migrationId,
                        runId, String.join("; ", problems));
            }
            return;
        }
        if (runs.start(migrationId, body, runId) instanceof ReconciliationRuns.Accepted) {
            log.info("Reconciliation {} of migration {} started, as its plan schedules", runId, migrationId);
        }
        // another run under way, or too many waiting: the next tick tries again
    }
}
