package io.cutovermonitor.service.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    private static final Instant GO_LIVE = Instant.parse("2025-12-21T02:10:29Z");
    private static final Instant PERIOD_END = GO_LIVE.plus(Duration.ofDays(30));

    @Test
    void readyOnceThirtyDaysAreObservedWithNoOpenIncident() {
        Verdict verdict = Verdict.of(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END, List.of());

        assertThat(verdict.readyForAcceptance()).isTrue();
        assertThat(verdict.text()).startsWith(Verdict.READY);
        assertThat(verdict.missing()).isEmpty();
    }

    @Test
    void notReadyOnDayThirtyBeforeThePeriodIsOver() {
        Verdict verdict = Verdict.of(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END.minusSeconds(1), List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("day 30 of 30").contains(PERIOD_END.toString());
    }

    @Test
    void notReadyOnDayTwentyOneAndSaysWhatIsMissing() {
        Verdict verdict = Verdict.of(GO_LIVE, 21, 30, PERIOD_END, GO_LIVE.plus(Duration.ofDays(20)), List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.text()).isEqualTo("Not ready for acceptance");
        assertThat(verdict.missing()).singleElement().asString().contains("day 21 of 30");
    }

    @Test
    void anOpenIncidentBlocksAcceptanceAfterTheThirtyDays() {
        Verdict verdict = Verdict.of(GO_LIVE, 30, 30, PERIOD_END, PERIOD_END.plus(Duration.ofDays(3)),
                List.of("observation day 30 of 30: CONNECTIVITY check erp-api failed"));

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("open observation incident")
                .contains("erp-api");
    }

    @Test
    void notReadyBeforeGoLive() {
        Verdict verdict = Verdict.of(null, null, 30, null, GO_LIVE, List.of());

        assertThat(verdict.readyForAcceptance()).isFalse();
        assertThat(verdict.missing()).singleElement().asString().contains("has not completed");
    }
}
