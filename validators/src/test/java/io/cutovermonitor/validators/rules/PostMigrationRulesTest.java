package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.JobEvent.JobState;
import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cutovermonitor.validators.rules.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

/** core-function-failure, connectivity, observation-incident, rollback-deadline and telemetry-stale. */
class PostMigrationRulesTest {

    private static Story wentLive() {
        return new Story().cutoverStarted("0S").finalSync("1H").phase("2H", Phase.CUTOVER, PhaseStatus.COMPLETED);
    }

    @Test
    void a_core_function_failing_before_the_final_sync_is_no_rollback_trigger() {
        Story story = new Story().cutoverStarted("0S").check("10M", "order-receipt", CheckKind.FUNCTION, false);

        assertThat(story.of(Rule.CORE_FUNCTION_FAILURE)).isEmpty();
    }

    @Test
    void a_core_function_failing_after_the_final_sync_fires_rollback_for_the_infra_manager() {
        Story story = new Story().cutoverStarted("0S").finalSync("1H")
                .check("1H10M", "purchase-order", CheckKind.FUNCTION, false);

        assertThat(story.firings(Rule.CORE_FUNCTION_FAILURE)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo(Action.ROLLBACK);
            assertThat(a.decisionMaker()).isEqualTo("IT Infrastructure Department Manager");
            assertThat(a.respondWithin()).isEqualTo(Duration.ofHours(4));
            assertThat(a.summary()).contains("inside the window", "notify stakeholders");
        });
    }

    @Test
    void a_core_function_failing_after_go_live_fires_until_the_observation_period_ends() {
        Story story = wentLive().check("100H", "order-receipt", CheckKind.FUNCTION, false)
                .check("101H", "order-receipt", CheckKind.FUNCTION, true)
                .check(2 + 30 * 24 + "H1S", "order-receipt", CheckKind.FUNCTION, false);

        assertThat(story.firings(Rule.CORE_FUNCTION_FAILURE)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("after go-live, observation day 5 of 30"));
    }

    @Test
    void a_go_answers_the_trigger_and_a_check_that_keeps_failing_raises_nothing_until_it_passed() {
        Story story = wentLive().check("3H", "order-receipt", CheckKind.FUNCTION, false)
                .go("3H10M", "core-function-failure")
                .check("3H20M", "order-receipt", CheckKind.FUNCTION, false);
        assertThat(story.of(Rule.CORE_FUNCTION_FAILURE)).extracting(AlertTransition::state)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);

        story.check("3H30M", "order-receipt", CheckKind.FUNCTION, true)
                .check("3H40M", "order-receipt", CheckKind.FUNCTION, false);

        assertThat(story.firings(Rule.CORE_FUNCTION_FAILURE)).hasSize(2);
        assertThat(story.of(Rule.ROLLBACK_DEADLINE)).isEmpty();
    }

    @Test
    void a_go_naming_another_rule_or_no_rule_answers_nothing() {
        Story story = wentLive().check("3H", "order-receipt", CheckKind.FUNCTION, false)
                .go("3H10M", null).go("3H20M", "cutover-overrun").throughput("7H0M1S", 1);

        assertThat(story.of(Rule.CORE_FUNCTION_FAILURE)).hasSize(1);
        assertThat(story.firings(Rule.ROLLBACK_DEADLINE)).singleElement()
                .satisfies(a -> assertThat(a.summary()).startsWith("core-function-failure FIRING since"));
    }

    @Test
    void the_deadline_runs_even_when_the_trigger_resolved_and_rollback_completed_answers_it() {
        // Given a core function that failed and passed again, unanswered
        Story story = wentLive().check("3H", "order-receipt", CheckKind.FUNCTION, false)
                .check("3H5M", "order-receipt", CheckKind.FUNCTION, true);

        // When 4 h pass: exactly 4 h is still in time, one second later is not
        story.throughput("7H", 1);
        assertThat(story.of(Rule.ROLLBACK_DEADLINE)).isEmpty();
        story.throughput("7H0M1S", 1);
        assertThat(story.firings(Rule.ROLLBACK_DEADLINE)).hasSize(1);

        // Then ROLLBACK COMPLETED answers it
        story.phase("8H", Phase.ROLLBACK, PhaseStatus.STARTED).phase("9H", Phase.ROLLBACK, PhaseStatus.COMPLETED);
        assertThat(story.of(Rule.ROLLBACK_DEADLINE)).last().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.at()).isEqualTo(at("9H"));
        });
    }

    @Test
    void a_rollback_drill_inside_a_rehearsal_answers_nothing() {
        Story story = new Story().cutoverStarted("0S").throughput("6H1M", 1)
                .phase("6H2M", Phase.REHEARSAL, PhaseStatus.STARTED, "drill", null)
                .phase("6H3M", Phase.ROLLBACK, PhaseStatus.STARTED)
                .phase("6H4M", Phase.ROLLBACK, PhaseStatus.COMPLETED);

        assertThat(story.of(Rule.CUTOVER_OVERRUN)).extracting(AlertTransition::state)
                .containsExactly(AlertState.FIRING);
    }

    @Test
    void a_connectivity_failure_is_critical_in_any_phase_and_resolves_when_it_passes() {
        Story story = new Story().check("-24H", "erp-api", CheckKind.CONNECTIVITY, false)
                .check("-23H", "erp-api", CheckKind.CONNECTIVITY, false)
                .check("-22H", "erp-api", CheckKind.CONNECTIVITY, true);

        assertThat(story.of(Rule.CONNECTIVITY)).extracting(AlertTransition::state, AlertTransition::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, Severity.CRITICAL),
                        org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, Severity.CRITICAL));
    }

    @Test
    void an_observation_incident_on_day_12_and_none_on_day_31() {
        // go-live at 2H: day 12 begins 11 x 24 h later
        Story story = wentLive().job(2 + 11 * 24 + "H30M", "invoice-export", JobState.FAILED);
        assertThat(story.firings(Rule.OBSERVATION_INCIDENT)).singleElement()
                .satisfies(a -> assertThat(a.summary()).startsWith("observation day 12 of 30: job invoice-export"));
        story.job(2 + 12 * 24 + "H", "invoice-export", JobState.SUCCEEDED);

        story.job(2 + 30 * 24 + "H30M", "invoice-export", JobState.FAILED);

        assertThat(story.firings(Rule.OBSERVATION_INCIDENT)).hasSize(1);
        MigrationStatus status = MigrationStatus.of(story.state, story.plan, at(2 + 30 * 24 + "H30M"));
        assertThat(status.observationDay()).isEqualTo(30);
        assertThat(status.readyForAcceptance()).isTrue();
    }

    @Test
    void telemetry_stale_fires_on_a_live_tick_during_cutover_and_the_next_event_resolves_it() {
        Story story = new Story().live().cutoverStarted("0S").throughput("10M", 1);
        story.tick("19M59S");
        assertThat(story.of(Rule.TELEMETRY_STALE)).isEmpty();

        story.tick("20M");
        assertThat(story.firings(Rule.TELEMETRY_STALE)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(at("20M")));
        story.tick("25M");
        assertThat(story.firings(Rule.TELEMETRY_STALE)).hasSize(1);

        story.throughput("26M", 1);
        assertThat(story.of(Rule.TELEMETRY_STALE)).last()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void telemetry_stale_needs_a_live_migration_in_sync_or_cutover() {
        Story replay = new Story().cutoverStarted("0S");
        replay.tick("1H");
        Story idle = new Story().live().phase("0S", Phase.PREPARATION, PhaseStatus.STARTED);
        idle.tick("1H");

        assertThat(replay.alerts).isEmpty();
        assertThat(idle.alerts).isEmpty();
    }
}
