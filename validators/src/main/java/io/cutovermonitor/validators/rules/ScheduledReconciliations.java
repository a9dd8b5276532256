package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.MigrationPlan.ReconciliationSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of the plan's own reconciliations are due ({@link ReconciliationSchedule}), each named so that it runs once:
 * {@code final-sync-<epoch second>} once the FINAL sync completed (a second cutover after a rollback has a FINAL
 * sync of its own), and {@code observation-<n>} for the n-th period of the observation, from go-live. Only while
 * the migration is live: a replayed or back-filled stream must not start checks against today's databases.
 */
public final class ScheduledReconciliations {

    private ScheduledReconciliations() {
    }

    /** @param now the wall clock (the migration is live, so its clock is the wall clock) */
    public static List<String> due(MigrationState state, MigrationPlan plan, Instant now) {
        ReconciliationSchedule schedule = plan.reconciliation();
        if (schedule == null || !RuleEngine.isLive(state, plan)) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        MigrationState.Phases phases = state.phases();
        if (phases.finalSyncAt() != null) {
            due.add("final-sync-" + phases.finalSyncAt().getEpochSecond());
        }
        Instant goLive = phases.goLiveAt();
        Duration every = schedule.observationEvery();
        if (every != null && goLive != null && !now.isBefore(goLive.plus(every))
                && now.isBefore(goLive.plus(plan.observation().period()))) {
            due.add("observation-" + Duration.between(goLive, now).toMillis() / every.toMillis());
        }
        return due;
    }
}
