package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.Severity;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.time.Instant;

/**
 * One line of {@code GET /api/migrations}.
 *
 * @param severity the worst severity of the firing rules (CRITICAL over WARNING), null when nothing fires
 * @param firing   the ids of the firing rules, each once, in the order they fired
 * @param integrityErrors distinct integrity errors in the current cutover's window, against
 *                        {@code integrityErrorsThreshold} (the rollback trigger)
 * @param projectedFinish when the running cutover is projected to end, against {@code maintenanceWindow} from
 *                        {@code cutoverStartedAt}
 * @param status   where the migration's full status is
 * @param report   where its evidence report is
 * @param archivedAt when it was archived (its series are gone, its events refused), null while it is open
 */
record MigrationSummary(String id, String phase, String phaseStatus, String phaseName, String severity,
                        List<String> firing, String lastEventTime, String plan, boolean defaultPlan,
                        int integrityErrors, int integrityErrorsThreshold, String cutoverStartedAt,
                        String projectedFinish, String maintenanceWindow, String status, String report,
                        String archivedAt) {

    static MigrationSummary of(MigrationState state, MigrationPlan plan, Instant archivedAt) {
        var firing = state.firing().values();
        String worst = firing.stream().map(FiringAlert::severity).max(Comparator.comparing(Severity::ordinal))
                .map(Severity::name).orElse(null);
        var phases = state.phases();
        var cutover = phases.cutover();
        String status = MigrationsController.statusPath(state.migrationId());
        return new MigrationSummary(state.migrationId(), phases.phase(), phases.status(), phases.name(), worst,
                firing.stream().map(FiringAlert::rule).distinct().toList(), Iso.instant(state.clock().eventTime()),
                plan.name(), plan.defaultPlan(), state.integrityWindow().errors().size(),
                plan.integrity().errorsThreshold(), cutover == null ? null : Iso.instant(cutover.startedAt()),
                Iso.instant(state.projectedFinish()), Iso.duration(Objects.requireNonNullElse(phases.declaredWindow(),
                plan.cutover().maintenanceWindow())), status, status + "/report", Iso.instant(archivedAt));
    }
}
