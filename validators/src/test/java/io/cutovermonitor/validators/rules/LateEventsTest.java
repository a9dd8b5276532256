package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.event.SyncEvent.SyncMode;
import io.cutovermonitor.validators.event.SyncEvent.SyncState;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.AlertTransition.LateDecision;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cutovermonitor.validators.rules.Story.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The two nights, in both orders, and an event later than maxLateness. */
class LateEventsTest {

    /** CUTOVER STARTED 22:00, FINAL sync 23:00, chunks 1 and 2 mismatch at 00:00 and 01:00. */
    private static Story twoErrorsIn() {
        return new Story().cutoverStarted("0H").finalSync("1H")
                .reconciled("2H", "r1", "orders", "1", 1000, 999)
                .reconciled("3H", "r1", "orders", "2", 1000, 998);
    }

    @Test
    void a_third_integrity_error_stamped_inside_the_window_triggers_the_rollback_when_it_arrives_last() {
        // given a throughput report at 6 h 01 min has moved the clock past the window
        Story night = twoErrorsIn().throughput("6H1M", 40_000);
        assertThat(night.firings(Rule.INTEGRITY_ERRORS)).isEmpty();

        // when the reconciler's report of chunk 3, stamped 5 h 59 min, arrives last
        night.reconciled("5H59M", "r1", "orders", "3", 1000, 997);

        // then the third error counts in the 6 h window, decided now and saying why
        assertThat(night.firings(Rule.INTEGRITY_ERRORS)).singleElement().satisfies(f -> {
            assertThat(f.at()).isEqualTo(at("6H1M"));
            assertThat(f.late()).isEqualTo(new LateDecision(night.eventId(6), "/test", at("5H59M"), at("5H59M")));
            assertThat(f.respondWithin()).isEqualTo(Duration.ofMinutes(118)); // the deadline of 5 h 59 min + 2 h
            assertThat(f.decisionMaker()).isEqualTo("Migration Lead");
            assertThat(f.summary()).contains("Decided late", night.eventId(6));
        });
        MigrationStatus status = MigrationStatus.of(night.state, night.plan, at("6H2M"));
        assertThat(status.integrityErrors()).isEqualTo(3);
        assertThat(status.rollbackDeadlines()).filteredOn(d -> d.rule().equals("integrity-errors")).singleElement()
                .satisfies(d -> assertThat(d.dueAt()).isEqualTo(at("7H59M")));
    }

    @Test
    void the_same_night_in_event_time_order_gives_the_same_call() {
        Story night = twoErrorsIn().reconciled("5H59M", "r1", "orders", "3", 1000, 997).throughput("6H1M", 40_000);

        assertThat(night.firings(Rule.INTEGRITY_ERRORS)).singleElement().satisfies(f -> {
            assertThat(f.at()).isEqualTo(at("5H59M"));
            assertThat(f.late()).isNull();
        });
        assertThat(MigrationStatus.of(night.state, night.plan, at("6H2M")).integrityErrors()).isEqualTo(3);
    }

    @Test
    void a_completion_stamped_before_the_limit_supersedes_the_overrun_and_its_deadline_never_fires() {
        // given an event stamped 6 h 01 min fired the overrun of a cutover that is still running as far as anyone knows
        Story night = new Story().cutoverStarted("0H").throughput("6H1M", 60_000);
        assertThat(night.firings(Rule.CUTOVER_OVERRUN)).hasSize(1);

        // when the runbook's CUTOVER COMPLETED, stamped 5 h 58 min, arrives
        night.phase("5H58M", Phase.CUTOVER, PhaseStatus.COMPLETED);

        // then the overrun is resolved as superseded by that event, and nothing is left to answer
        assertThat(night.of(Rule.CUTOVER_OVERRUN)).last().satisfies(r -> {
            assertThat(r.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(r.summary()).startsWith("Superseded by a late event (" + night.eventId(3));
            assertThat(r.at()).isEqualTo(at("6H1M"));
            assertThat(r.late().eventTime()).isEqualTo(at("5H58M"));
        });
        assertThat(night.state.firing()).isEmpty();
        assertThat(night.state.deadlines()).isEmpty();

        // and hours later the rollback deadline of the overrun that never was does not fire
        night.throughput("8H30M", 60_000);
        assertThat(night.firings(Rule.ROLLBACK_DEADLINE)).isEmpty();
        assertThat(night.firings(Rule.CUTOVER_OVERRUN)).hasSize(1);
    }

    @Test
    void the_completion_in_event_time_order_never_fires_the_overrun() {
        Story night = new Story().cutoverStarted("0H").phase("5H58M", Phase.CUTOVER, PhaseStatus.COMPLETED)
                .throughput("6H1M", 60_000);

        assertThat(night.of(Rule.CUTOVER_OVERRUN)).isEmpty();
    }

    @Test
    void an_episode_published_resolved_that_a_late_event_re_opens_is_announced_once_under_a_new_name() {
        // given a projected overrun fired at 1 h 10 min (10,000 of 1,000,000 records in 10 min) and resolved in order
        // at 1 h 20 min (900,000 synced: the projection is back within the limit)
        Story night = new Story().cutoverStarted("0H")
                .sync("1H", "orders", SyncMode.FINAL, 0, 1_000_000L, SyncState.RUNNING)
                .sync("1H10M", "orders", SyncMode.FINAL, 10_000, 1_000_000L, SyncState.RUNNING)
                .sync("1H20M", "orders", SyncMode.FINAL, 900_000, 1_000_000L, SyncState.RUNNING);
        String engineKey = "cutover-projected-overrun|" + at("0H") + "|" + at("1H10M");
        assertThat(night.of(Rule.CUTOVER_PROJECTED_OVERRUN))
                .extracting(AlertTransition::state, AlertTransition::episodeKey)
                .containsExactly(tuple(AlertState.FIRING, engineKey), tuple(AlertState.RESOLVED, engineKey));

        // when a second sync of 100 million records, stamped 1 h 15 min, arrives after that: in event-time order the
        // projection never came back within the limit
        night.sync("1H15M", "order_lines", SyncMode.FINAL, 0, 100_000_000L, SyncState.RUNNING);

        // then the episode is announced FIRING again, once, under a name the topic has not closed
        String reopened = engineKey + "|reopened-by-" + night.eventId(5);
        assertThat(night.of(Rule.CUTOVER_PROJECTED_OVERRUN))
                .extracting(AlertTransition::state, AlertTransition::episodeKey)
                .containsExactly(tuple(AlertState.FIRING, engineKey), tuple(AlertState.RESOLVED, engineKey),
                        tuple(AlertState.FIRING, reopened));
        assertThat(night.of(Rule.CUTOVER_PROJECTED_OVERRUN)).last().satisfies(f -> {
            assertThat(f.at()).isEqualTo(at("1H20M"));
            assertThat(f.late().eventId()).isEqualTo(night.eventId(5));
            assertThat(f.summary()).contains("Decided late");
        });
        assertThat(night.state.firing()).containsOnlyKeys(reopened);

        // and a further late event re-judges it under that name, and the CUTOVER COMPLETED resolves that name
        night.sync("1H17M", "orders", SyncMode.FINAL, 20_000, 1_000_000L, SyncState.RUNNING)
                .phase("1H30M", Phase.CUTOVER, PhaseStatus.COMPLETED);
        assertThat(night.of(Rule.CUTOVER_PROJECTED_OVERRUN))
                .extracting(AlertTransition::state, AlertTransition::episodeKey)
                .containsExactly(tuple(AlertState.FIRING, engineKey), tuple(AlertState.RESOLVED, engineKey),
                        tuple(AlertState.FIRING, reopened), tuple(AlertState.RESOLVED, reopened));
        assertThat(night.state.firing()).isEmpty();
    }

    @Test
    void an_event_later_than_max_lateness_is_applied_at_the_clock_and_counted_for_its_source() {
        // given the clock at 3 h 00 min, with the FINAL sync done
        Story night = new Story().cutoverStarted("0H").finalSync("10M").throughput("3H", 60_000);

        // when a mismatch stamped 1 h 30 min arrives (1 h 30 min late, past the default 1 h)
        night.reconciled("1H30M", "r1", "orders", "1", 1000, 999);

        // then it counts as of the clock, and its source is flagged
        assertThat(night.firings(Rule.INTEGRITY_MISMATCH)).singleElement().satisfies(f -> {
            assertThat(f.at()).isEqualTo(at("3H"));
            assertThat(f.late()).isNull();
        });
        assertThat(night.state.clock().tooLateBySource()).containsEntry("/test", 1L);
        assertThat(night.state.integrityWindow().errors()).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(at("3H")));
    }

    @Test
    void where_too_late_events_were_applied_is_forgotten_after_twice_max_lateness() {
        // given two events 1 h 30 min late, applied at the clock of 2 h and of 3 h
        Story night = new Story().cutoverStarted("0H").throughput("2H", 60_000)
                .reconciled("30M", "r1", "orders", "1", 1000, 1000)
                .throughput("3H", 60_000)
                .reconciled("1H30M", "r1", "orders", "2", 1000, 1000);
        assertThat(night.state.clock().appliedAtClock()).hasSize(2);

        // when the clock is at 4 h 30 min and a third comes too late
        night.throughput("4H30M", 60_000).reconciled("3H", "r1", "orders", "3", 1000, 1000);

        // then the one applied at 2 h (more than 2 h before 4 h 30 min) is forgotten, the others are kept
        assertThat(night.state.clock().appliedAtClock().values()).containsExactly(at("3H"), at("4H30M"));
        assertThat(night.state.clock().tooLateBySource()).containsEntry("/test", 3L);
    }

    @Test
    void a_decision_stamped_before_the_clock_answers_what_its_maker_saw() {
        // given an overrun fired by an event stamped 6 h 30 min (a replayed stream running ahead of the wall clock)
        Story night = new Story().cutoverStarted("0H").throughput("6H30M", 60_000);

        // when a GO naming it arrives stamped 6 h 10 min
        night.go("6H10M", "cutover-overrun");

        // then it answers the overrun at the clock, as a person deciding on what they saw
        assertThat(night.of(Rule.CUTOVER_OVERRUN)).last().satisfies(r -> {
            assertThat(r.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(r.at()).isEqualTo(at("6H30M"));
            assertThat(r.late()).isNull();
        });
        assertThat(night.state.deadlines()).isEmpty();
        assertThat(night.state.clock().tooLateBySource()).isEmpty();
    }

    @Test
    void how_late_an_event_may_be_is_the_plans_setting() {
        MigrationPlan plan = MigrationPlan.defaults();
        MigrationPlan patient = new MigrationPlan(plan.name(), plan.integrity(), plan.cutover(), plan.throughput(),
                plan.coreFunctions(), plan.observation(),
                new MigrationPlan.Telemetry(plan.telemetry().silence(), plan.telemetry().liveThreshold(),
                        Duration.ofHours(2)), plan.rollback(), plan.tables(), plan.jobs(), plan.checks(),
                plan.defaultPlan(), null);
        Story night = new Story("m-1", patient).cutoverStarted("0H").finalSync("10M").throughput("3H", 60_000);

        night.reconciled("1H30M", "r1", "orders", "1", 1000, 999);

        assertThat(night.firings(Rule.INTEGRITY_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.late().about()).isEqualTo(at("1H30M")));
        assertThat(night.state.clock().tooLateBySource()).isEmpty();
    }
}
