package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.event.SyncEvent.SyncMode;
import io.cutovermonitor.validators.event.SyncEvent.SyncState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cutovermonitor.validators.rules.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

/** cutover-overrun, cutover-projected-overrun, window-reserve and throughput-floor at their edges. */
class CutoverRulesTest {

    @Test
    void a_cutover_at_exactly_6h_is_not_past_its_limit() {
        Story story = new Story().cutoverStarted("0S").throughput("6H", 100);

        assertThat(story.of(Rule.CUTOVER_OVERRUN)).isEmpty();
    }

    @Test
    void the_first_event_past_6h_fires_the_overrun_with_the_migration_lead() {
        Story story = new Story().cutoverStarted("0S").throughput("6H", 100).throughput("6H0M1S", 100);

        assertThat(story.firings(Rule.CUTOVER_OVERRUN)).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo(at("6H0M1S"));
            assertThat(a.action()).isEqualTo(Action.ROLLBACK);
            assertThat(a.decisionMaker()).isEqualTo("Migration Lead");
            assertThat(a.evidence()).containsExactly(story.eventId(1), story.eventId(3));
        });
    }

    @Test
    void an_overrun_decided_by_the_event_that_stops_the_clock_fires_and_resolves_there() {
        Story story = new Story().cutoverStarted("0S").phase("7H", Phase.CUTOVER, PhaseStatus.COMPLETED);

        assertThat(story.of(Rule.CUTOVER_OVERRUN)).extracting(AlertTransition::state, AlertTransition::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, at("7H")),
                        org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, at("7H")));
    }

    @Test
    void a_second_cutover_started_while_one_runs_is_ignored() {
        Story story = new Story().cutoverStarted("0S").cutoverStarted("1H").throughput("6H30M", 1);

        assertThat(story.firings(Rule.CUTOVER_OVERRUN)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("6h30m since CUTOVER STARTED"));
    }

    @Test
    void a_wall_clock_tick_fires_the_overrun_only_while_the_migration_is_live() {
        // Given a replayed cutover (events arrive long after they happened), silent after its start
        Story replay = new Story().cutoverStarted("0S");
        replay.tick("7H");
        assertThat(replay.alerts).isEmpty();

        // Given the same cutover live
        Story live = new Story().live().cutoverStarted("0S");
        live.tick("6H");
        assertThat(live.of(Rule.CUTOVER_OVERRUN)).isEmpty();
        live.tick("6H0M1S");
        assertThat(live.firings(Rule.CUTOVER_OVERRUN)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(at("6H0M1S")));
    }

    @Test
    void a_stalled_running_sync_projects_no_finish_and_warns() {
        Story story = new Story().cutoverStarted("0S")
                .sync("10M", "orders", SyncMode.FINAL, 0, 1000L, SyncState.RUNNING)
                .sync("20M", "orders", SyncMode.FINAL, 500, 1000L, SyncState.RUNNING)
                .sync("34M", "orders", SyncMode.FINAL, 500, 1000L, SyncState.RUNNING);
        assertThat(story.of(Rule.CUTOVER_PROJECTED_OVERRUN)).isEmpty();

        story.sync("35M", "orders", SyncMode.FINAL, 500, 1000L, SyncState.RUNNING);

        assertThat(story.firings(Rule.CUTOVER_PROJECTED_OVERRUN)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("has not grown for 0h15m"));
        assertThat(story.state.projectedFinish()).isNull();

        story.sync("40M", "orders", SyncMode.FINAL, 1000, 1000L, SyncState.COMPLETED);
        assertThat(story.of(Rule.CUTOVER_PROJECTED_OVERRUN)).hasSize(2);
    }

    @Test
    void a_projected_finish_past_the_limit_warns_and_the_cutover_completed_clears_it() {
        // 1,000 records in 15 minutes with 100,000 left: 25 h to go
        Story story = new Story().cutoverStarted("0S")
                .sync("1H", "orders", SyncMode.FINAL, 0, 101_000L, SyncState.RUNNING)
                .sync("1H15M", "orders", SyncMode.FINAL, 1_000, 101_000L, SyncState.RUNNING);

        assertThat(story.firings(Rule.CUTOVER_PROJECTED_OVERRUN)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("100,000 records left at 4,000 records/hour"));
        assertThat(story.state.projectedFinish()).isEqualTo(at("26H15M"));

        story.phase("2H", Phase.CUTOVER, PhaseStatus.COMPLETED);
        assertThat(story.of(Rule.CUTOVER_PROJECTED_OVERRUN)).last()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void window_reserve_uses_the_8h_default_window_before_any_is_declared() {
        // 5h30m x 1.5 = 8h15m > 8h
        Story story = new Story().phase("-100H", Phase.REHEARSAL, PhaseStatus.STARTED, "rehearsal-1", null)
                .phase("-94H30M", Phase.REHEARSAL, PhaseStatus.COMPLETED, "rehearsal-1", null);

        assertThat(story.firings(Rule.WINDOW_RESERVE)).singleElement()
                .satisfies(a -> assertThat(a.summary()).isEqualTo(
                        "maintenance window 8h00m is shorter than 1.5 x the longest completed rehearsal (5h30m) = 8h15m"));

        story.phase("-90H", Phase.PREPARATION, PhaseStatus.COMPLETED, null, "PT9H");
        assertThat(story.of(Rule.WINDOW_RESERVE)).last()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void a_failed_rehearsal_does_not_count_for_the_window() {
        Story story = new Story().phase("-100H", Phase.REHEARSAL, PhaseStatus.STARTED, "rehearsal-2", null)
                .phase("-90H", Phase.REHEARSAL, PhaseStatus.FAILED, "rehearsal-2", null);

        assertThat(story.alerts).isEmpty();
    }

    @Test
    void trailing_hour_throughput_sums_interval_ends_in_the_half_open_hour() {
        Story story = new Story().throughput("0S", 1).throughput("10M", 10).throughput("1H", 100);

        // (0h, 1h] holds 10M and 1H, not 0S
        assertThat(ThroughputFloorPolicy.trailingHour(story.state.throughput(), at("1H"))).isEqualTo(110);
    }

    @Test
    void a_rehearsal_whose_peak_stays_under_target_warns_until_a_later_phase_reaches_it() {
        Story story = new Story().phase("-50H", Phase.REHEARSAL, PhaseStatus.STARTED, "rehearsal-1", null)
                .throughput("-49H50M", 20_000).throughput("-49H40M", 20_000)
                .phase("-48H", Phase.REHEARSAL, PhaseStatus.COMPLETED, "rehearsal-1", null);
        assertThat(story.firings(Rule.THROUGHPUT_FLOOR)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("peak trailing-hour throughput 40,000"));

        story.cutoverStarted("0S").throughput("10M", 30_000).throughput("20M", 30_000)
                .phase("1H", Phase.CUTOVER, PhaseStatus.COMPLETED);

        assertThat(story.of(Rule.THROUGHPUT_FLOOR)).last().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.summary()).contains("CUTOVER completed at peak 60,000");
        });
    }

    @Test
    void a_phase_without_throughput_events_gives_no_verdict() {
        Story story = new Story().cutoverStarted("0S").phase("1H", Phase.CUTOVER, PhaseStatus.COMPLETED);

        assertThat(story.of(Rule.THROUGHPUT_FLOOR)).isEmpty();
    }

    @Test
    void during_a_cutover_sync_past_its_first_hour_a_rate_under_target_for_15_minutes_warns() {
        Story story = new Story().cutoverStarted("0S")
                .sync("0S", "orders", SyncMode.FINAL, 0, 10_000_000L, SyncState.RUNNING);
        for (int m = 10; m <= 60; m += 10) {
            story.throughput(m + "M", 5_000).sync(m + "M", "orders", SyncMode.FINAL, m * 1000L, 10_000_000L,
                    SyncState.RUNNING);
        }
        // 30,000/h: under target, but the sync's first hour ends at 1H
        story.throughput("1H10M", 5_000);
        assertThat(story.of(Rule.THROUGHPUT_FLOOR)).isEmpty();
        story.throughput("1H15M", 0);

        assertThat(story.firings(Rule.THROUGHPUT_FLOOR)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(at("1H15M")));

        story.throughput("1H20M", 40_000);
        assertThat(story.of(Rule.THROUGHPUT_FLOOR)).last()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void the_plan_numbers_drive_the_rules() {
        var plan = io.cutovermonitor.validators.plan.PlanLoader.fromYaml("cutover:\n  maxDuration: PT2H\n", "short");
        Story story = new Story("m-2", plan).cutoverStarted("0S").throughput("2H0M1S", 1);

        assertThat(story.firings(Rule.CUTOVER_OVERRUN)).singleElement()
                .satisfies(a -> assertThat(a.respondWithin()).isEqualTo(Duration.ofHours(2)));
    }
}
