package io.cutovermonitor.service.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    /** Under a plan of its own, no trigger left unanswered: only the observation decides. */
    private static Verdict verdict(Instant goLive, Integer day, int days, Instant periodEnd, Instant clock,
                                   List<String> openIncidents) {
        return Verdict.of(new Verdict.Facts(goLive, day, days, periodEnd, clock, openIncidents, List.of(), true));
    }

    private static final Instant GO_LIVE = Instant.parse("2025-12-21T02:10:29Z");
    private static final Instant PERIOD_END = GO_LIVE.plus(Duration.ofDays(30));

    @Test
    void readyOnceThirtyDaysAreObservedWithNoOpenIncident() {
        Verdict verdict = verdict(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END, List.of());

        assertThat(verdict.readyForAcceptance()).isTrue();
        assertThat(verdict.text()).startsWith(Verdict.READY);
        assertThat(verdict.missing()).isEmpty();
    }

    @Test
    void notReadyOnDayThirtyBeforeThePeriodIsOver() {
        Verdict verdict = verdict(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END.minusSeconds(1), List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("day 30 of 30").contains("2026-01-20 02:10:29 UTC");
    }

    @Test
    void notReadyOnDayTwentyOneAndSaysWhatIsMissing() {
        Verdict verdict = verdict(GO_LIVE, 21, 30, PERIOD_END, GO_LIVE.plus(Duration.ofDays(20)), List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.text()).isEqualTo("Not ready for acceptance");
        assertThat(verdict.missing()).singleElement().asString().contains("day 21 of 30");
    }

    @Test
    void anOpenIncidentBlocksAcceptanceAfterTheThirtyDays() {
        Verdict verdict = verdict(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END.plus(Duration.ofDays(3)),
                List.of("observation day 30 of 30: CONNECTIVITY check erp-api failed"));

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("open observation incident")
                .contains("erp-api");
    }

    @Test
    void notReadyBeforeGoLive() {
        Verdict verdict = verdict(null, null, 30, null, GO_LIVE, List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("has not completed");
    }

    @Test
    void theDefaultPlanIsAMissingItemAfterThirtyQuietDays() {
        Verdict verdict = Verdict.of(new Verdict.Facts(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END, List.of(), List.of(),
                false));

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("no plan of its own");
    }

    @Test
    void anUnansweredRollbackTriggerBlocksAcceptance() {
        Verdict verdict = Verdict.of(new Verdict.Facts(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END, List.of(),
                List.of("integrity-errors fired 2025-12-21 00:40:00 UTC: 3 integrity errors"), true));

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().startsWith("unanswered ROLLBACK trigger: integrity-errors");
    }
}
