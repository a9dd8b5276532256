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
        // every 500 ms, for five minutes, applied in rounds of 50 events as the service commits them
        RecentPast past = new RecentPast("m-1");
        MigrationState state = MigrationState.initial("m-1");
        List<Arrival> stored = new ArrayList<>();
        List<Integer> reRun = new ArrayList<>();
        for (int ms = 0; ms < 300_000; ms += 10) {
            Instant now = T0.plusMillis(ms);
            boolean behind = ms % 500 == 0 && ms >= 2_000;
            Arrival arrival = new Arrival(chunk("r-" + ms, behind ? "/reconciler-b" : "/reconciler-a",
                    behind ? now.minusSeconds(2) : now, ms), now);

            // When each arrives, the behind one's as a late event
            state = apply(past, state, arrival, stored, reRun);
            if (stored.size() % 50 == 0) {
                past.committed(state, arrival.event(), PLAN.telemetry().maxLateness());
            }
        }

        // Then each re-judgement re-ran the 2 s it reaches back and no more (200 events plus a round and a second of
        // checkpoint spacing), the last as few as the first: not everything since the first late event

        assertThat(reRun).hasSize(596);
        assertThat(reRun).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(350));
        assertThat(reRun.subList(reRun.size() - 100, reRun.size()).stream().mapToInt(Integer::intValue).average()
                .orElseThrow()).isLessThanOrEqualTo(reRun.subList(0, 100).stream().mapToInt(Integer::intValue)
                .average().orElseThrow() * 1.1);
        assertThat(state.tables().get("order_lines").chunks()).hasSize(30_000);
    }

    @Test
    void anEventAFewMillisecondsLateReRunsTheEventsOfThoseMillisecondsNotTheWholeRound() {
        // Given a reconciler reporting a chunk every millisecond, applied in rounds of 2,000 events
        RecentPast past = new RecentPast("m-1");
        MigrationState state = MigrationState.initial("m-1");
        List<Arrival> stored = new ArrayList<>();
        List<Integer> reRun = new ArrayList<>();
        for (int ms = 0; ms < 20_000; ms++) {
            Instant now = T0.plusMillis(ms);
            // and every 997th chunk from a second worker, stamped 3 ms before it reaches the broker
            boolean raced = ms % 997 == 0 && ms > 0;
            Arrival arrival = new Arrival(chunk("r-" + ms, raced ? "/reconciler-b" : "/reconciler-a",
                    raced ? now.minusMillis(3) : now, ms), now);

            // When each is applied
            state = apply(past, state, arrival, stored, reRun);
            if (stored.size() % 2_000 == 0) {
                past.committed(state, arrival.event(), PLAN.telemetry().maxLateness());
            }
        }

        // Then each late one re-ran at most the 3 ms it reaches back and the spacing of the round's checkpoints
        assertThat(reRun).hasSize(20);
        assertThat(reRun).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(15));
    }

    private static MigrationState apply(RecentPast past, MigrationState state, Arrival arrival, List<Arrival> stored,
                                        List<Integer> reRun) {
        Outcome outcome = LateEvents.apply(state, PLAN, arrival, past.forLate(arrival.event(), (after, late) -> {
            List<Arrival> since = stored.subList(after == null ? 0 : stored.indexOf(byEvent(stored, after)) + 1,
                    stored.size());
            reRun.add(since.size());
            return since;
        }));
        stored.add(arrival);
        past.applied(outcome.state(), arrival.event());
        return outcome.state();
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
