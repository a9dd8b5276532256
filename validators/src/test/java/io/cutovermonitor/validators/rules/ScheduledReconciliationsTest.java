package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliations a plan has the monitor run itself: after the FINAL sync, then once a day of the observation. */
class ScheduledReconciliationsTest {

    private static final MigrationPlan SCHEDULED = PlanLoader.fromYaml("""
            reconciliation:
              source: legacy
              target: cloud
              sourceSchema: oms
              tables: [orders, order_lines]
              observationEvery: P1D
            """, "m-1");

    @Test
    void theFinalSyncCompletedIsWhenTheDecisiveCheckRunsAndOnlyThen() {
        // Given a live cutover under a plan that schedules reconciliations
        Story night = new Story("m-1", SCHEDULED).live().cutoverStarted("0S");
        assertThat(ScheduledReconciliations.due(night.state, SCHEDULED, Story.at("5M"))).isEmpty();

        // When the FINAL sync completes
        night.finalSync("10M");

        // Then the run after it is due, named by that sync, and stays the same one while nothing else happens
        String run = "final-sync-" + Story.at("10M").getEpochSecond();
        assertThat(ScheduledReconciliations.due(night.state, SCHEDULED, Story.at("10M1S"))).containsExactly(run);
        assertThat(ScheduledReconciliations.due(night.state, SCHEDULED, Story.at("11M"))).containsExactly(run);
        assertThat(SCHEDULED.reconciliation().tables()).containsExactly("orders", "order_lines");
        assertThat(SCHEDULED.reconciliation().targetSchema()).isNull();
    }

    @Test
    void duringTheObservationOneRunADayFromGoLive() {
        Story night = new Story("m-1", SCHEDULED).live().cutoverStarted("0S").finalSync("10M")
                .phase("5H", Phase.CUTOVER, PhaseStatus.COMPLETED).check("24H", "order-receipt",
                        CheckKind.FUNCTION, true);
        assertThat(ScheduledReconciliations.due(night.state, SCHEDULED, Story.at("24H")))
                .as("not a whole day after go-live yet").noneMatch(r -> r.startsWith("observation-"));

        night.check("29H10M", "order-receipt", CheckKind.FUNCTION, true);
        assertThat(ScheduledReconciliations.due(night.state, SCHEDULED, Story.at("29H10M")))
                .contains("observation-1");
    }

    @Test
    void aReplayedOrBackfilledStreamStartsNoCheckAndAPlanWithoutTheSectionNone() {
        Story replayed = new Story("m-1", SCHEDULED).cutoverStarted("0S").finalSync("10M");
        assertThat(ScheduledReconciliations.due(replayed.state, SCHEDULED, Story.at("11M"))).isEmpty();

        Story unscheduled = new Story().live().cutoverStarted("0S").finalSync("10M");
        assertThat(ScheduledReconciliations.due(unscheduled.state, unscheduled.plan, Story.at("11M"))).isEmpty();
    }
}
