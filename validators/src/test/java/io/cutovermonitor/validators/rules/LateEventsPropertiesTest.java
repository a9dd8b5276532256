package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.RuleEnginePropertiesTest.Move;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams whose events arrive out of event-time order (each source in its own order, delayed by up to the plan's
 * maxLateness; decisions as they are stamped, as the decision API does) end where the same events sorted by event
 * time end: the same episodes FIRING (by the engine's key: a re-opened one is announced under another name), the
 * same status, and no name published FIRING twice.
 */
class LateEventsPropertiesTest {

    private static final MigrationPlan PLAN = MigrationPlan.defaults();
    private static final Instant END = Instant.parse("2027-06-01T00:00:00Z");

    @Provide
    Arbitrary<List<Move>> streams() {
        return new RuleEnginePropertiesTest().streams();
    }

    /**
     * Random streams, and cutover nights: events minutes apart (so many fall within maxLateness of each other) of
     * the kinds whose RESOLVED a late event can undo (sync progress and the projection, throughput and its floor,
     * checks, phases).
     */
    @Provide
    Arbitrary<List<Move>> streamsAndNights() {
        Arbitrary<Move> nightMove = Combinators.combine(Arbitraries.integers().between(0, 15),
                Arbitraries.of(0, 1, 2, 2, 2, 6, 6, 8), Arbitraries.integers().between(0, 999)).as(Move::new);
        return Arbitraries.oneOf(streams(), nightMove.list().ofMinSize(1).ofMaxSize(80));
    }

    @Provide
    Arbitrary<Integer> delays() {
        return Arbitraries.integers().between(0, (int) PLAN.telemetry().maxLateness().toMinutes());
    }

    @Property(tries = 400)
    void out_of_order_arrival_ends_where_the_time_ordered_stream_ends(@ForAll("streamsAndNights") List<Move> moves,
                                                                      @ForAll("delays") int maxDelay,
                                                                      @ForAll long seed) {
        List<Arrival> arrivals = arrivals(moves, maxDelay, seed);

        Ending asArrived = asArrived(arrivals);
        Ending timeOrdered = timeOrdered(arrivals);

        // an episode re-opened by a late event is announced under another name: the engine's key is the same
        assertThat(asArrived.endFiring).as("episodes FIRING at the end").isEqualTo(timeOrdered.endFiring);
        assertThat(engineKeys(asArrived.state.firing().keySet())).isEqualTo(timeOrdered.state.firing().keySet());
        assertThat(MigrationStatus.of(asArrived.state, PLAN, END)).usingRecursiveComparison()
                .ignoringFields("clockSkewBySource", "firing.episodeKey", "rollbackDeadlines.triggerEpisodeKey")
                .isEqualTo(MigrationStatus.of(timeOrdered.state, PLAN, END));
    }

    @Property(tries = 400)
    void no_episode_is_published_firing_twice_and_none_resolves_unannounced(
            @ForAll("streamsAndNights") List<Move> moves, @ForAll("delays") int maxDelay, @ForAll long seed) {
        Set<String> fired = new HashSet<>();
        Set<String> resolved = new HashSet<>();
        for (AlertTransition a : asArrived(arrivals(moves, maxDelay, seed)).published) {
            if (a.state() == AlertState.FIRING) {
                assertThat(fired.add(a.episodeKey())).as("second FIRING of %s", a.episodeKey()).isTrue();
            } else {
                assertThat(fired).as("RESOLVED before FIRING: %s", a.episodeKey()).contains(a.episodeKey());
                assertThat(resolved.add(a.episodeKey())).as("second RESOLVED of %s", a.episodeKey()).isTrue();
            }
        }
    }

    @Property(tries = 400)
    void re_judging_from_the_recent_past_decides_as_re_judging_from_the_first_event(
            @ForAll("streamsAndNights") List<Move> moves, @ForAll("delays") int maxDelay, @ForAll long seed) {
        // Given events arriving out of order, applied in rounds that commit (a few roll back and are applied again)
        List<Arrival> arrivals = arrivals(moves, maxDelay, seed);

        // When each late one is re-judged from the checkpoints the recent past keeps, reading back what came after
        Ending fromTheRecentPast = asArrivedInRounds(arrivals, new Random(seed));

        // Then it publishes what re-judging every late event from the migration's first event publishes
        Ending fromTheFirstEvent = asArrived(arrivals);
        assertThat(fromTheRecentPast.published).isEqualTo(fromTheFirstEvent.published);
        assertThat(MigrationStatus.of(fromTheRecentPast.state, PLAN, END)).usingRecursiveComparison()
                .isEqualTo(MigrationStatus.of(fromTheFirstEvent.state, PLAN, END));
    }

    /** As the service does: rounds of up to five events, each committed or rolled back and applied again. */
    private static Ending asArrivedInRounds(List<Arrival> arrivals, Random random) {
        RecentPast past = new RecentPast("m-a");
        MigrationState state = MigrationState.initial("m-a");
        List<Arrival> stored = new ArrayList<>();
        List<AlertTransition> published = new ArrayList<>();
        int next = 0;
        while (next < arrivals.size()) {
            int end = Math.min(arrivals.size(), next + 1 + random.nextInt(5));
            boolean rollsBack = random.nextInt(6) == 0;
            MigrationState roundState = state;
            List<AlertTransition> roundAlerts = new ArrayList<>();
            for (Arrival a : arrivals.subList(next, end)) {
                Outcome outcome = LateEvents.apply(roundState, PLAN, a, past.forLate(a.event(),
                        (after, late) -> stored.subList(after == null ? 0 : indexOf(stored, after) + 1, stored.size())));
                stored.add(a);
                past.applied(outcome.state(), a.event());
                roundState = outcome.state();
                roundAlerts.addAll(outcome.transitions());
            }
            if (rollsBack) {
                past.rolledBack();
                stored.subList(next, end).clear();
                continue;
            }
            state = roundState;
            published.addAll(roundAlerts);
            past.committed(state, arrivals.get(end - 1).event(), PLAN.telemetry().maxLateness());
            next = end;
        }
        return new Ending(state, published, endFiring(published));
    }

    private static int indexOf(List<Arrival> stored, TelemetryEvent event) {
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).event().equals(event)) {
                return i;
            }
        }
        throw new AssertionError("not stored: " + event.id());
    }

    private static List<Arrival> arrivals(List<Move> moves, int maxDelay, long seed) {
        return arrive(bySource(RuleEnginePropertiesTest.events("m-a", moves)), maxDelay, new Random(seed));
    }

    private record Ending(MigrationState state, List<AlertTransition> published, Set<String> endFiring) {
    }

    /** As the service does: each event as it arrives, a late one judged against everything that came before it. */
    private static Ending asArrived(List<Arrival> arrivals) {
        MigrationState state = MigrationState.initial("m-a");
        List<Arrival> arrived = new ArrayList<>();
        List<AlertTransition> published = new ArrayList<>();
        for (Arrival a : arrivals) {
            Outcome outcome = LateEvents.apply(state, PLAN, a,
                    from -> new LateEvents.Rewind(MigrationState.initial("m-a"), arrived));
            arrived.add(a);
            state = outcome.state();
            published.addAll(outcome.transitions());
        }
        return new Ending(state, published, endFiring(published));
    }

    /** The same arrivals sorted by event time (equal times in arrival order). */
    private static Ending timeOrdered(List<Arrival> arrivals) {
        MigrationState state = MigrationState.initial("m-a");
        List<AlertTransition> published = new ArrayList<>();
        for (Arrival a : arrivals.stream().sorted(Comparator.comparing(a -> a.event().time())).toList()) {
            Outcome outcome = RuleEngine.apply(state, PLAN, a.event(), a.arrivedAt());
            state = outcome.state();
            published.addAll(outcome.transitions());
        }
        return new Ending(state, published, endFiring(published));
    }

    private static Set<String> engineKeys(Set<String> announced) {
        Set<String> keys = new HashSet<>();
        announced.forEach(k -> keys.add(EpisodeNames.engineKey(k)));
        return keys;
    }

    private static Set<String> endFiring(List<AlertTransition> published) {
        Map<String, AlertState> last = new LinkedHashMap<>();
        published.forEach(t -> last.put(t.rule() + " " + EpisodeNames.engineKey(t.episodeKey()), t.state()));
        Set<String> firing = new HashSet<>();
        last.forEach((episode, state) -> {
            if (state == AlertState.FIRING) {
                firing.add(episode);
            }
        });
        return firing;
    }

    /** Each kind of event from the tool that reports it. */
    private static List<TelemetryEvent> bySource(List<TelemetryEvent> events) {
        return events.stream().map(e -> new TelemetryEvent(e.id(), sourceOf(e), e.time(), e.data(), e.contentHash()))
                .toList();
    }

    private static String sourceOf(TelemetryEvent e) {
        Object data = e.data();
        if (data instanceof ReconciliationEvent) {
            return "/reconciler";
        } else if (data instanceof SyncEvent) {
            return "/sync";
        } else if (data instanceof ThroughputEvent || data instanceof JobEvent) {
            return "/batch";
        } else if (data instanceof CheckEvent) {
            return "/checks";
        } else if (data instanceof DecisionEvent) {
            return "/decisions";
        }
        return "/runbook";
    }

    /**
     * Each source delivers its events in its own order, each up to {@code maxDelay} minutes after its time; the
     * monitor sees them in the order they arrive (long after, so no wall-clock rule acts).
     */
    private static List<Arrival> arrive(List<TelemetryEvent> events, int maxDelay, Random random) {
        Map<String, Instant> lastArrivalOfSource = new HashMap<>();
        List<Instant> arrivalTimes = new ArrayList<>();
        for (TelemetryEvent e : events) {
            // the decision API stamps a decision when it receives it: it arrives at its own time
            int delay = e.data() instanceof DecisionEvent ? 0 : random.nextInt(maxDelay + 1);
            Instant arrival = e.time().plus(Duration.ofMinutes(delay));
            Instant previous = lastArrivalOfSource.get(e.source());
            if (previous != null && previous.isAfter(arrival)) {
                arrival = previous;
            }
            lastArrivalOfSource.put(e.source(), arrival);
            arrivalTimes.add(arrival);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(arrivalTimes::get));
        return order.stream().map(i -> new Arrival(events.get(i), arrivalTimes.get(i).plus(Duration.ofDays(400))))
                .toList();
    }
}
