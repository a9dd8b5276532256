package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cutovermonitor.validators.rules.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

class MigrationStatusTest {

    @Test
    void the_status_shows_the_cutover_integrity_and_open_rollback_deadlines() {
        // Given a cutover with a pending side, a mismatch, a match and a core function that failed and passed
        Story story = new Story().cutoverStarted("0S").finalSync("30M")
                .reconciled("40M", "r1", "orders", "1", 10, 10)
                .reconciled("41M", "r1", "orders", "2", 10, 9)
                .sourceSide("42M", "r1", "po_lines", null, 10, null)
                .check("50M", "order-receipt", CheckKind.FUNCTION, false)
                .check("55M", "order-receipt", CheckKind.FUNCTION, true);

        // When the status is read an hour in
        MigrationStatus status = MigrationStatus.of(story.state, story.plan, at("1H"));

        // Then it shows the cutover clock, per-table integrity and the deadline still to answer
        assertThat(status.defaultPlan()).isTrue();
        assertThat(status.cutoverElapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(status.cutoverLimit()).isEqualTo(Duration.ofHours(6));
        assertThat(status.tables().get("orders").chunks()).containsEntry("chunk 1", MigrationStatus.Integrity.MATCHED)
                .containsEntry("chunk 2", MigrationStatus.Integrity.MISMATCHED);
        assertThat(status.tables().get("po_lines").pending()).isEqualTo(1);
        assertThat(status.integrityErrors()).isEqualTo(1);
        assertThat(status.rollbackDeadlines()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("core-function-failure");
            assertThat(d.dueAt()).isEqualTo(at("4H50M"));
        });
        assertThat(status.checkFailures()).containsEntry("order-receipt", 1L);

        // and a side alone past the pairTimeout shows as unverified
        story.phase("1H20M", Phase.SYNC, PhaseStatus.COMPLETED);
        assertThat(MigrationStatus.of(story.state, story.plan, at("1H20M")).tables().get("po_lines").unverified())
                .isEqualTo(1);
    }
}
