package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cutovermonitor.validators.rules.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

/** integrity-mismatch and integrity-errors at their edges. */
class IntegrityRulesTest {

    /** A cutover whose FINAL sync has completed: every mismatch counts at once. */
    private static Story dataMoved() {
        return new Story().cutoverStarted("0S").finalSync("10M");
    }

    @Test
    void third_distinct_error_at_5h59m59s_after_cutover_start_fires_rollback() {
        // Given two integrity errors early in the cutover
        Story story = dataMoved().reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("2H", "r1", "orders", "2", 100, 98);

        // When a third distinct error comes at 5h59m59s
        story.reconciled("5H59M59S", "r2", "po_lines", null, 10, 0);

        // Then integrity-errors fires ROLLBACK, naming the Migration Lead and 2 h
        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo(Action.ROLLBACK);
            assertThat(a.at()).isEqualTo(at("5H59M59S"));
            assertThat(a.decisionMaker()).isEqualTo("Migration Lead");
            assertThat(a.respondWithin()).isEqualTo(Duration.ofHours(2));
            assertThat(a.summary()).contains("revert DNS to the legacy OMS");
        });
    }

    @Test
    void third_distinct_error_at_6h00m01s_is_outside_the_window() {
        Story story = dataMoved().reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("2H", "r1", "orders", "2", 100, 98);

        story.reconciled("6H0M1S", "r2", "po_lines", null, 10, 0);

        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).hasSize(3);
        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).isEmpty();
    }

    @Test
    void the_same_mismatching_chunk_reported_three_times_is_one_error() {
        // Given a mismatching chunk reported by three runs
        Story story = dataMoved().reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("1H10M", "r2", "orders", "1", 100, 97)
                .reconciled("1H20M", "r3", "orders", "1", 100, 99);

        // Then it is one episode and one error
        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).hasSize(1);
        assertThat(story.state.integrityWindow().errors()).hasSize(1);
        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).isEmpty();
    }

    @Test
    void a_chunk_that_mismatches_again_after_it_was_cleared_is_a_new_error() {
        Story story = dataMoved().reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("1H10M", "r2", "orders", "1", 100, 100)
                .reconciled("1H20M", "r3", "orders", "1", 100, 99)
                .reconciled("1H30M", "r4", "orders", "1", 100, 100)
                .reconciled("1H40M", "r5", "orders", "1", 100, 99);

        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).hasSize(3);
        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(at("1H40M")));
    }

    @Test
    void separately_reported_sides_of_one_run_are_paired() {
        // Given the target side of run r1 reported alone
        Story story = dataMoved().targetSide("1H", "r1", "orders", "1..500", 490, "aa");
        assertThat(story.alerts).isEmpty();

        // When its source side arrives, and a side of another run in between does not pair with it
        story.sourceSide("1H5M", "r2", "orders", "1..500", 500, "bb")
                .sourceSide("1H10M", "r1", "orders", "1..500", 500, "bb");

        // Then the pair mismatches on counts, with both sides as evidence
        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).singleElement().satisfies(a -> {
            assertThat(a.summary()).contains("orders 1..500", "row_count");
            assertThat(a.evidence()).containsExactly(story.eventId(3), story.eventId(5));
        });
    }

    @Test
    void a_checksum_on_one_side_only_is_compared_on_counts() {
        Story story = dataMoved().targetSide("1H", "r1", "orders", "1", 500, "aa")
                .sourceSide("1H5M", "r1", "orders", "1", 500, null);

        assertThat(story.alerts).isEmpty();
        assertThat(story.state.tables().get("orders").chunks().get("chunk 1").lastMatched()).isTrue();
    }

    @Test
    void a_whole_table_match_does_not_clear_a_chunk() {
        Story story = dataMoved().reconciled("1H", "r1", "orders", "1", 100, 99)
                .reconciled("1H10M", "r2", "orders", null, 1000, 1000);

        assertThat(story.of(Rule.INTEGRITY_MISMATCH)).hasSize(1);
    }

    @Test
    void a_mismatch_cleared_by_a_matching_rerun_within_confirm_delay_before_the_final_sync_never_counts() {
        // Given the source still takes writes, and a mismatch is reported
        Story story = new Story().cutoverStarted("0S").reconciled("10M", "r1", "orders", "1", 100, 90);

        // When a later run matches 9 minutes later, and time goes on
        story.reconciled("19M", "r2", "orders", "1", 100, 100).finalSync("40M");

        // Then nothing ever fired and no error counted
        assertThat(story.alerts).isEmpty();
        assertThat(story.state.integrityWindow().errors()).isEmpty();
    }

    @Test
    void a_mismatch_that_stands_confirm_delay_counts_at_the_first_event_at_or_after_it() {
        Story story = new Story().cutoverStarted("0S").reconciled("10M", "r1", "orders", "1", 100, 90)
                .throughput("19M", 10);
        assertThat(story.alerts).isEmpty();

        story.throughput("20M", 10);

        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo(at("20M"));
            assertThat(a.action()).isEqualTo(Action.STOP);
            assertThat(a.summary()).contains("stood 0h10m without a matching report");
        });
    }

    @Test
    void a_later_run_seeing_the_mismatch_again_confirms_it_at_once() {
        Story story = new Story().cutoverStarted("0S").reconciled("10M", "r1", "orders", "1", 100, 90)
                .reconciled("12M", "r1", "orders", "1", 100, 90);
        assertThat(story.alerts).as("the same run again confirms nothing").isEmpty();

        story.reconciled("13M", "r2", "orders", "1", 100, 91);

        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).singleElement()
                .satisfies(a -> assertThat(a.at()).isEqualTo(at("13M")));
    }

    @Test
    void a_mismatch_still_open_when_the_final_sync_completes_counts_then() {
        Story story = new Story().cutoverStarted("0S").reconciled("10M", "r1", "orders", "1", 100, 90);

        story.finalSync("15M");

        assertThat(story.firings(Rule.INTEGRITY_MISMATCH)).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo(at("15M"));
            assertThat(a.summary()).contains("still open when the FINAL sync completed");
        });
    }

    @Test
    void a_final_sync_inside_a_rehearsal_is_not_the_final_sync() {
        Story story = new Story().phase("-10H", Phase.REHEARSAL, PhaseStatus.STARTED, "rehearsal-1", null)
                .finalSync("-9H").reconciled("-8H", "r1", "orders", "1", 100, 90);

        assertThat(story.alerts).as("still waiting for confirmDelay").isEmpty();
    }

    @Test
    void after_the_cutover_completed_a_mismatch_has_nothing_left_to_stop() {
        Story story = dataMoved().phase("2H", Phase.CUTOVER, PhaseStatus.COMPLETED)
                .reconciled("3H", "r1", "orders", "1", 100, 90)
                .reconciled("4H", "r2", "orders", "1", 100, 100);

        assertThat(story.of(Rule.INTEGRITY_MISMATCH)).extracting(AlertTransition::action)
                .containsExactly(Action.NONE, Action.NONE);
    }

    @Test
    void integrity_errors_call_for_no_rollback_once_a_rollback_has_started() {
        Story story = dataMoved().phase("1H", Phase.ROLLBACK, PhaseStatus.STARTED)
                .reconciled("2H", "r1", "a", null, 1, 2).reconciled("2H", "r1", "b", null, 1, 2)
                .reconciled("2H", "r1", "c", null, 1, 2);

        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo(Action.NONE);
            assertThat(a.decisionMaker()).isNull();
            assertThat(a.respondWithin()).isNull();
        });
        assertThat(story.state.deadlines()).isEmpty();
    }

    @Test
    void after_go_live_integrity_errors_still_call_for_rollback() {
        Story story = dataMoved().phase("1H", Phase.CUTOVER, PhaseStatus.COMPLETED)
                .reconciled("2H", "r1", "a", null, 1, 2).reconciled("2H", "r1", "b", null, 1, 2)
                .reconciled("2H", "r1", "c", null, 1, 2);

        assertThat(story.firings(Rule.INTEGRITY_ERRORS)).singleElement()
                .satisfies(a -> assertThat(a.action()).isEqualTo(Action.ROLLBACK));
    }
}
