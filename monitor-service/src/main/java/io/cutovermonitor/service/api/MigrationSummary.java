package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.Severity;

import java.util.Comparator;
import java.util.List;

/**
 * One line of {@code GET /api/migrations}.
 *
 * @param severity the worst severity of the firing rules (CRITICAL over WARNING), null when nothing fires
 * @param firing   the ids of the firing rules, each once, in the order they fired
 * @param status   where the migration's full status is
 */
record MigrationSummary(String id, String phase, String phaseStatus, String phaseName, String severity,
                        List<String> firing, String lastEventTime, String plan, boolean defaultPlan, String status) {

    static MigrationSummary of(MigrationState state, MigrationPlan plan) {
        var firing = state.firing().values();
        String worst = firing.stream().map(FiringAlert::severity).max(Comparator.comparing(Severity::ordinal))
                .map(Severity::name).orElse(null);
        var phases = state.phases();
        return new MigrationSummary(state.migrationId(), phases.phase(), phases.status(), phases.name(), worst,
                firing.stream().map(FiringAlert::rule).distinct().toList(), Iso.instant(state.clock().eventTime()),
                plan.name(), plan.defaultPlan(), MigrationsController.statusPath(state.migrationId()));
    }
}
