package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.ReconciliationProgressEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent.ProgressState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Will this check take 10 seconds or an hour?": a table's reconciliation progress, its rate and when it is done. */
class ReconciliationProgressTest {

    private static ReconciliationProgressEvent progress(String run, long done, Long estimate, ProgressState state) {
        return new ReconciliationProgressEvent("m-1", run, "po_lines", done, estimate, state);
    }

    private static MigrationStatus.Reconciling poLines(Story story) {
        return MigrationStatus.of(story.state, story.plan, Story.at("2H")).reconciling().get(0);
    }

    @Test
    void halfWayAtTenRowsASecondIsDoneInAsLongAgain() {
        // Given a run that compared 500 of an estimated 1,000 rows in its first 50 seconds
        Story story = new Story().apply("1H", progress("r-1", 0, 1_000L, ProgressState.RUNNING))
                .apply("1H0M50S", progress("r-1", 500, 1_000L, ProgressState.RUNNING));

        // Then the status shows it half way, at 10 rows/s, through the table 50 s from its last report
        MigrationStatus.Reconciling p = poLines(story);
        assertThat(p.ratio()).isEqualTo(0.5);
        assertThat(p.rowsPerSecond()).isEqualTo(10.0);
        assertThat(p.eta()).isEqualTo(Story.at("1H1M40S"));
        // and no rule read it
        assertThat(story.alerts).isEmpty();
    }

    @Test
    void aCompletedTableIsWholeWhateverTheEstimateSaidAndANewRunStartsItsClockAgain() {
        Story story = new Story().apply("1H", progress("r-1", 0, 1_000L, ProgressState.RUNNING))
                .apply("1H1M", progress("r-1", 1_200, 1_000L, ProgressState.COMPLETED));
        assertThat(poLines(story).ratio()).isEqualTo(1.0);
        assertThat(poLines(story).eta()).isNull();

        story.apply("1H30M", progress("r-2", 100, null, ProgressState.RUNNING));
        MigrationStatus.Reconciling next = poLines(story);
        assertThat(next.runId()).isEqualTo("r-2");
        assertThat(next.startedAt()).isEqualTo(Story.at("1H30M"));
        assertThat(next.ratio()).as("no estimate: no ratio to tell").isZero();
        assertThat(next.eta()).isNull();
    }

    @Test
    void aStoredStateFromBeforeProgressWasKeptStillLoads() {
        String before = MigrationStateJson.write(new Story().cutoverStarted("0S").state)
                .replace(",\"reconciling\":{}", "");
        assertThat(before).doesNotContain("reconciling");
        assertThat(MigrationStateJson.read(before).reconciling()).isEmpty();
    }
}
