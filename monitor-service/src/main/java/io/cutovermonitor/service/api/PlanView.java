package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.plan.MigrationPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A migration plan as JSON: every setting, durations as ISO-8601. */
record PlanView(String name, boolean defaultPlan, Integrity integrity, Cutover cutover, Throughput throughput,
                List<String> coreFunctions, Observation observation, Telemetry telemetry,
                Map<String, Procedure> rollback, List<String> tables, List<String> jobs, List<Check> checks) {

    record Integrity(int errorsThreshold, String errorsWindow, String confirmDelay, String pairTimeout) {
    }

    record Cutover(String maxDuration, String maintenanceWindow, double windowReserveFactor,
                   String projectionLookback) {
    }

    record Throughput(long targetPerHour, String belowFor) {
    }

    record Observation(int days) {
    }

    record Telemetry(String silence, String liveThreshold, String maxLateness) {
    }

    record Procedure(String decisionMaker, String respondWithin, List<String> steps) {
    }

    record Check(String name, String kind) {
    }

    static PlanView of(MigrationPlan plan) {
        var integrity = plan.integrity();
        var cutover = plan.cutover();
        Map<String, Procedure> rollback = new LinkedHashMap<>();
        MigrationPlan.ROLLBACK_RULES.forEach(rule -> {
            var procedure = plan.procedure(rule);
            rollback.put(rule, new Procedure(procedure.decisionMaker(), Iso.duration(procedure.respondWithin()),
                    procedure.steps()));
        });
        return new PlanView(plan.name(), plan.defaultPlan(),
                new Integrity(integrity.errorsThreshold(), Iso.duration(integrity.errorsWindow()),
                        Iso.duration(integrity.confirmDelay()), Iso.duration(integrity.pairTimeout())),
                new Cutover(Iso.duration(cutover.maxDuration()), Iso.duration(cutover.maintenanceWindow()),
                        cutover.windowReserveFactor(), Iso.duration(cutover.projectionLookback())),
                new Throughput(plan.throughput().targetPerHour(), Iso.duration(plan.throughput().belowFor())),
                plan.coreFunctions(), new Observation(plan.observation().days()),
                new Telemetry(Iso.duration(plan.telemetry().silence()), Iso.duration(plan.telemetry().liveThreshold()),
                        Iso.duration(plan.telemetry().maxLateness())),
                rollback, plan.tables(), plan.jobs(),
                plan.checks().stream().map(c -> new Check(c.name(), c.kind().name())).toList());
    }
}
