package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.PlanLoader;
import io.cutovermonitor.validators.rules.PlanChange.Change;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A plan put after the night re-judges it: what the new plan gives that the topic was not told is published once. */
class PlanChangeTest {

    private static final MigrationPlan SEVEN_HOUR_WINDOW =
            PlanLoader.fromYaml("integrity:\n  errors:\n    window: PT7H\n", "m-1");

    /** Three integrity errors, the third at 6 h 01 min after CUTOVER STARTED: outside the default 6-hour window. */
    private static Story nightOfThreeErrors() {
        return new Story().cutoverStarted("0S").finalSync("10M")
                .reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("2H", "r1", "orders", "2", 100, 98)
                .reconciled("6H1M", "r2", "po_lines", null, 10, 0);
    }

    private static Change change(int version) {
        return new Change("plan-" + version, version, "lead", Story.at("30H"));
    }

    @Test
    void aSevenHourWindowFiresTheRollbackTriggerOnceAtTheMigrationsClock() {
        // Given the night judged under the default plan: no rollback trigger
        Story night = nightOfThreeErrors();
        assertThat(night.firings(Rule.INTEGRITY_ERRORS)).isEmpty();

        // When a plan with a 7-hour window is put after it
        Outcome changed = PlanChange.rejudge(night.state, SEVEN_HOUR_WINDOW, night.arrivals(), change(1));

        // Then integrity-errors fires, once, saying the plan changed, with the full time to answer from then
        assertThat(changed.transitions()).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(Rule.INTEGRITY_ERRORS.id());
            assertThat(t.state()).isEqualTo(AlertState.FIRING);
            assertThat(t.action()).isEqualTo(Action.ROLLBACK);
            assertThat(t.at()).isEqualTo(Story.at("6H1M"));
            assertThat(t.summary()).startsWith("Plan changed: version 1 put by lead at " + Story.at("30H"))
                    .contains("holds since " + Story.at("6H1M"));
            assertThat(t.evidence()).contains("plan-1", night.eventId(5));
            assertThat(t.respondWithin()).isEqualTo(Duration.ofHours(2));
            assertThat(t.decisionMaker()).isNotBlank();
        });
        // and the state is the one the new plan gives: the trigger open, its deadline running
        assertThat(changed.state().firing().values()).extracting(MigrationState.FiringAlert::rule)
                .contains(Rule.INTEGRITY_ERRORS.id());
        assertThat(changed.state().deadlines().values()).filteredOn(d -> d.rule().equals(Rule.INTEGRITY_ERRORS.id()))
                .singleElement().satisfies(d -> assertThat(d.dueAt()).isEqualTo(Story.at("8H1M")));
        // the clock did not move: the next event of a replayed stream is judged as before
        assertThat(changed.state().clock().eventTime()).isEqualTo(night.state.clock().eventTime());
    }

    @Test
    void puttingTheSamePlanAgainChangesNothing() {
        Story night = nightOfThreeErrors();

        Outcome changed = PlanChange.rejudge(night.state, night.plan, night.arrivals(), change(1));

        assertThat(changed.transitions()).isEmpty();
        assertThat(changed.state().firing()).isEqualTo(night.state.firing());
        assertThat(changed.state().tables()).isEqualTo(night.state.tables());
        assertThat(changed.changedChunks()).isEmpty();
    }

    @Test
    void goingBackToTheOldPlanResolvesWhatNoLongerHolds() {
        // Given the 7-hour plan put, and its trigger on the topic
        Story night = nightOfThreeErrors();
        Outcome seven = PlanChange.rejudge(night.state, SEVEN_HOUR_WINDOW, night.arrivals(), change(1));

        // When the 6-hour plan is put back
        Outcome six = PlanChange.rejudge(seven.state(), MigrationPlan.defaults(), night.arrivals(), change(2));

        // Then the trigger resolves, saying why, and its deadline goes with it
        assertThat(six.transitions()).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(Rule.INTEGRITY_ERRORS.id());
            assertThat(t.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.summary()).contains("version 2", "does not hold");
            assertThat(t.evidence()).containsExactly("plan-2");
        });
        assertThat(six.state().deadlines()).isEqualTo(night.state.deadlines());
        assertThat(six.state().firing()).isEqualTo(night.state.firing());

        // and a third put of the 7-hour plan fires it again under a name of its own (the topic knows the first one
        // as resolved)
        Outcome again = PlanChange.rejudge(six.state(), SEVEN_HOUR_WINDOW, night.arrivals(), change(3));
        assertThat(again.transitions()).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(AlertState.FIRING);
            assertThat(t.episodeKey()).isNotEqualTo(seven.transitions().get(0).episodeKey()).contains("plan-v3");
        });
    }

    @Test
    void aTriggerFoundLongAfterTheFactGetsItsDeadlineFromThePlanChangeNotAnOverrunPage() {
        // Given a night that went on for hours after the third error, with nobody told of an integrity trigger (the
        // overrun fired at 6 h and its deadline passed at 8 h 01)
        Story night = nightOfThreeErrors().check("10H", "erp-api", CheckKind.CONNECTIVITY, true);
        assertThat(night.firings(Rule.ROLLBACK_DEADLINE)).hasSize(1);

        // When the 7-hour plan is put
        Outcome changed = PlanChange.rejudge(night.state, SEVEN_HOUR_WINDOW, night.arrivals(), change(1));

        // Then the trigger fires now, with its 2 hours from now; its deadline (passed in the replay) is not an overrun
        assertThat(changed.transitions()).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(Rule.INTEGRITY_ERRORS.id());
            assertThat(t.at()).isEqualTo(Story.at("10H"));
            assertThat(t.respondWithin()).isEqualTo(Duration.ofHours(2));
        });
        assertThat(changed.state().firing().values()).filteredOn(a -> a.rule().equals(Rule.ROLLBACK_DEADLINE.id()))
                .singleElement().satisfies(a -> assertThat(a.subject()).startsWith(Rule.CUTOVER_OVERRUN.id()));
        assertThat(changed.state().deadlines().values()).filteredOn(d -> d.rule().equals(Rule.INTEGRITY_ERRORS.id()))
                .singleElement().satisfies(d -> assertThat(d.dueAt()).isEqualTo(Story.at("12H")));

        // and the next events are judged under the new plan: a GO for the trigger answers it
        TelemetryEvent go = new TelemetryEvent("go-1", "/test", Story.at("11H"), new DecisionEvent("m-1",
                DecisionEvent.Decision.GO, "Lead", "checked", Rule.INTEGRITY_ERRORS.id(), null), "h-go");
        Outcome answered = RuleEngine.apply(changed.state(), SEVEN_HOUR_WINDOW, go,
                Story.at("11H").plus(Duration.ofDays(400)));
        assertThat(answered.transitions()).extracting(AlertTransition::rule, AlertTransition::state)
                .containsExactly(tuple(Rule.INTEGRITY_ERRORS.id(), AlertState.RESOLVED));
        assertThat(answered.state().deadlines().values()).extracting(MigrationState.Deadline::rule)
                .containsExactly(Rule.CUTOVER_OVERRUN.id());
    }
}
