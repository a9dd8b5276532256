package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a plan would have decided over a recorded night, replayed from its events alone. */
class ReplayTest {

    /** Three integrity errors, the third at 6 h 01 min after CUTOVER STARTED: outside the OMS plan's 6-hour window. */
    private static Story nightOfThreeErrors() {
        return new Story().cutoverStarted("0S").finalSync("10M")
                .reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("2H", "r1", "orders", "2", 100, 98)
                .reconciled("6H1M", "r2", "po_lines", null, 10, 0);
    }

    @Test
    void underThePlanItRanUnderTheReplayGivesTheTransitionsOnRecord() {
        // Given a night as the engine judged it when it happened
        Story night = nightOfThreeErrors();

        // When its events are replayed under the same plan
        List<AlertTransition> replayed = Replay.transitions(night.migrationId, night.plan, night.arrivals());

        // Then the replay decides exactly as the night did
        assertThat(replayed).isEqualTo(night.alerts);
        assertThat(replayed).noneMatch(t -> t.rule().equals(Rule.INTEGRITY_ERRORS.id()));
    }

    @Test
    void aSevenHourWindowWouldHaveTriggeredTheRollbackAtTheThirdError() {
        // Given the same night, and a draft plan whose integrity window is 7 hours
        Story night = nightOfThreeErrors();
        MigrationPlan draft = PlanLoader.fromYaml("integrity:\n  errors:\n    window: PT7H\n", "draft");

        // When the night is replayed under the draft
        List<AlertTransition> replayed = Replay.transitions(night.migrationId, draft, night.arrivals());

        // Then integrity-errors fires, at the third error's time
        assertThat(replayed).filteredOn(t -> t.rule().equals(Rule.INTEGRITY_ERRORS.id()))
                .singleElement().satisfies(t -> {
                    assertThat(t.state()).isEqualTo(AlertState.FIRING);
                    assertThat(t.at()).isEqualTo(Story.at("6H1M"));
                });
    }
}
