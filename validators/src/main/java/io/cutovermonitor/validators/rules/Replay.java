package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.MigrationState.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration's recorded events judged again under a plan, changing nothing: the alert transitions that plan gives.
 * The events go through the engine in the order they arrived, each at the time it arrived, late ones re-judged as
 * of their own time as the service does ({@link LateEvents}, {@link RecentPast}). The wall-clock rules of a live
 * migration are evaluated as the service's ticks would: every second for the first {@link #DENSE_TICKS} of a quiet
 * stretch between two arrivals, then every minute (a finer tick than that cannot change a night's decision, and a
 * 30-day observation of ticks every second would be millions of evaluations).
 */
public final class Replay {

    static final Duration DENSE_TICKS = Duration.ofMinutes(10);

    private Replay() {
    }

    /** What a replay gives: the state the events leave and every transition on the way. */
    public record Result(MigrationState state, List<AlertTransition> transitions) {
    }

    /** @param arrivals the migration's events in the order they arrived, each with when it arrived */
    public static List<AlertTransition> transitions(String migrationId, MigrationPlan plan, List<Arrival> arrivals) {
        return run(migrationId, plan, arrivals).transitions();
    }

    /** @param arrivals the migration's events in the order they arrived, each with when it arrived */
    public static Result run(String migrationId, MigrationPlan plan, List<Arrival> arrivals) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < arrivals.size(); i++) {
            index.put(Clock.identity(arrivals.get(i).event()), i);
        }
        RecentPast past = new RecentPast(migrationId);
        RecentPast.Ledger ledger = (after, late) -> arrivals.subList(
                after == null ? 0 : index.get(Clock.identity(after)) + 1, index.get(Clock.identity(late)));
        MigrationState state = MigrationState.initial(migrationId);
        List<AlertTransition> transitions = new ArrayList<>();
        Instant previous = null;
        for (Arrival arrival : arrivals) {
            if (previous != null) {
                state = ticks(state, plan, previous, arrival.arrivedAt(), transitions);
            }
            TelemetryEvent event = arrival.event();
            Outcome outcome = LateEvents.apply(state, plan, arrival, past.forLate(event, ledger));
            transitions.addAll(outcome.transitions());
            state = outcome.state();
            past.applied(state, event);
            past.committed(state, event, plan.telemetry().maxLateness());
            previous = arrival.arrivedAt();
        }
        return new Result(state, transitions);
    }

    /** The ticks of a quiet stretch after {@code from}, up to (not including) the next arrival at {@code to}. */
    private static MigrationState ticks(MigrationState state, MigrationPlan plan, Instant from, Instant to,
                                        List<AlertTransition> transitions) {
        Instant dense = from.plus(DENSE_TICKS);
        for (Instant t = from.plusSeconds(1); t.isBefore(to); t = t.plusSeconds(t.isBefore(dense) ? 1 : 60)) {
            if (!RuleEngine.isLive(state, plan)) {
                return state; // nothing ticks for a migration that is not live until its next event
            }
            Outcome outcome = LateEvents.tick(state, plan, t);
            transitions.addAll(outcome.transitions());
            state = outcome.state();
        }
        return state;
    }
}
