package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.event.ThroughputEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trailing hour is carried from one event to the next instead of summed again, and a phase's peak is found in
 * one pass: both must equal the rule as the plan states it, the records whose interval end lies in (t − 1 h, t],
 * whatever order the reports come in, late ones and sums that saturate included.
 */
class ThroughputWindowPropertiesTest {

    /** One report: its interval end and its event time as minutes after the cutover started, and its records. */
    record Report(int endMinute, int atMinute, long records) {
    }

    @Property(tries = 300)
    void theCarriedTrailingHourAndThePeakAreTheRuleAsWritten(@ForAll("nights") List<Report> reports) {
        // Given a cutover, and throughput reports arriving in any order
        Story story = new Story().cutoverStarted("0m");
        List<Report> told = new ArrayList<>();
        for (Report report : reports) {
            Instant end = Story.T0.plus(Duration.ofMinutes(report.endMinute()));
            story.apply(report.atMinute() + "m", new ThroughputEvent(story.migrationId, "dms", report.records(),
                    end.minusSeconds(60), end));
            told.add(report);

            // Then after each, the trailing hour at the migration's clock is the sum the rule defines
            Instant clock = story.state.clock().eventTime();
            assertThat(ThroughputFloorPolicy.trailingHour(story.state.throughput(), clock))
                    .as("trailing hour at %s after %s", clock, told).isEqualTo(hourTo(told, clock));
        }

        // And when the cutover completes, its peak is the highest trailing hour at any interval end inside it
        int last = reports.stream().mapToInt(r -> Math.max(r.atMinute(), r.endMinute())).max().orElse(0) + 1;
        story.phase(last + "m", Phase.CUTOVER, PhaseStatus.COMPLETED);
        Instant completed = Story.T0.plus(Duration.ofMinutes(last));
        long expectedPeak = told.stream().map(r -> Story.T0.plus(Duration.ofMinutes(r.endMinute())))
                .filter(end -> !end.isAfter(completed)).mapToLong(end -> hourTo(told, end)).max().orElse(-1);
        List<MigrationState.PhasePeak> peaks = story.state.throughput().peaks();
        if (expectedPeak < 0) {
            assertThat(peaks).isEmpty();
        } else {
            assertThat(peaks).last().extracting(MigrationState.PhasePeak::recordsPerHour).isEqualTo(expectedPeak);
        }
    }

    private static long hourTo(List<Report> reports, Instant t) {
        return reports.stream().filter(r -> {
            Instant end = Story.T0.plus(Duration.ofMinutes(r.endMinute()));
            return end.isAfter(t.minus(Duration.ofHours(1))) && !end.isAfter(t);
        }).mapToLong(Report::records).reduce(0, Counts::plus);
    }

    @Provide
    Arbitrary<List<Report>> nights() {
        Arbitrary<Long> records = Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000),
                Arbitraries.of(io.cutovermonitor.validators.event.Limits.MAX_COUNT, Long.MAX_VALUE / 3));
        return Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 30),
                records).as((end, delay, n) -> new Report(end, end + delay, n)).list().ofMaxSize(60);
    }
}
