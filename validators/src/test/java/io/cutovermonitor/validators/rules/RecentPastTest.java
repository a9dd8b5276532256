package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.Chunk;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent.Side;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentPastTest {

    private static final MigrationPlan PLAN = MigrationPlan.defaults();
    private static final Instant T0 = Instant.parse("2026-01-10T22:00:00Z");

    @Test
    void aSourceWhoseClockRunsBehindReRunsOnlyTheLastSecondsOfTheMigrationForEachOfItsEvents() {
        // Given a reconciler reporting a chunk every 10 ms, and a second one whose clock runs 2 s behind reporting
        // every 500 ms, for five minutes
        Night night = new Night(50);
        for (int ms = 0; ms < 300_000; ms += 10) {
            boolean behind = ms % 500 == 0 && ms >= 2_000;

            // When each arrives, in rounds of 50 as the service commits them, the behind one's as a late event
            night.arrives(ms, behind ? "/reconciler-b" : "/reconciler-a", behind ? Duration.ofSeconds(2) : Duration.ZERO);
        }

        // Then each re-judgement re-ran the 2 s it reaches back and no more (200 events, a round and the spacing of
        // the checkpoints), the last as few as the first: not everything since the first late event
        assertThat(night.reRun).hasSize(596);
        assertThat(night.reRun).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(350));
        assertThat(average(night.reRun.subList(night.reRun.size() - 100, night.reRun.size())))
                .isLessThanOrEqualTo(average(night.reRun.subList(0, 100)) * 1.1);
        assertThat(night.state.tables().get("order_lines").chunks()).hasSize(30_000);
    }

    @Test
    void anEventAFewMillisecondsLateReRunsTheEventsOfThoseMillisecondsNotTheWholeRound() {
        // Given a reconciler reporting a chunk every millisecond, and every 997th chunk from a second worker, stamped
        // 3 ms before it reaches the broker
        Night night = new Night(2_000);
        for (int ms = 0; ms < 20_000; ms++) {
            boolean raced = ms % 997 == 0 && ms > 0;

            // When each is applied, in rounds of 2,000
            night.arrives(ms, raced ? "/reconciler-b" : "/reconciler-a", raced ? Duration.ofMillis(3) : Duration.ZERO);
        }

        // Then each late one re-ran at most the 3 ms it reaches back and the spacing of the round's checkpoints
        assertThat(night.reRun).hasSize(20);
        assertThat(night.reRun).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(15));
    }

    /** Chunks arriving one by one, applied as the service does, counting what each late one re-runs. */
    private static final class Night {

        private final int round;
        private final RecentPast past = new RecentPast("m-1");
        private final List<Arrival> stored = new ArrayList<>();
        private final List<Integer> reRun = new ArrayList<>();
        private MigrationState state = MigrationState.initial("m-1");

        Night(int round) {
            this.round = round;
        }

        /** Chunk {@code ms} arrives {@code ms} into the night from {@code source}, stamped {@code behind} earlier. */
        void arrives(int ms, String source, Duration behind) {
            Instant now = T0.plusMillis(ms);
            Arrival arrival = new Arrival(chunk("r-" + ms, source, now.minus(behind), ms), now);
            Outcome outcome = LateEvents.apply(state, PLAN, arrival, past.forLate(arrival.event(), (after, late) -> {
                List<Arrival> since = stored.subList(after == null ? 0 : stored.indexOf(byEvent(stored, after)) + 1,
                        stored.size());
                reRun.add(since.size());
                return since;
            }));
            stored.add(arrival);
            past.applied(outcome.state(), arrival.event());
            state = outcome.state();
            if (stored.size() % round == 0) {
                past.committed(state, arrival.event(), PLAN.telemetry().maxLateness());
            }
        }
    }

    private static double average(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    private static Arrival byEvent(List<Arrival> stored, TelemetryEvent event) {
        return stored.stream().filter(a -> a.event().equals(event)).findFirst().orElseThrow();
    }

    private static TelemetryEvent chunk(String id, String source, Instant time, int n) {
        long lower = 10_000L * n + 1;
        return new TelemetryEvent(id, source, time, new ReconciliationEvent("m-1", "night", "order_lines",
                Chunk.ofRange(String.valueOf(lower), String.valueOf(lower + 9_999)), new Side(10_000, "c0ffee"), new Side(10_000, "c0ffee"), null), "h" + id);
    }
}
