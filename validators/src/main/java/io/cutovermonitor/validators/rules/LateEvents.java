package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.AlertTransition.LateDecision;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.Clock;
import io.cutovermonitor.validators.rules.MigrationState.Deadline;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arrival order is not event order: events come from several tools on several hosts, each with its own clock and
 * its own delays. An event stamped before the migration's clock is judged as of its own time: the migration's
 * events are run again, in event-time order, from a state before it, and what that changes against what was
 * already published is published once, marked as decided late:
 * <ul>
 *     <li>a FIRING the time-ordered stream gives and nobody was told of is published now;</li>
 *     <li>a FIRING already published that the time-ordered stream does not give is RESOLVED as superseded by the
 *     late event (its rollback deadline goes with it, so it never fires);</li>
 *     <li>the state becomes the time-ordered one, so the status and the metrics show what the night really was.</li>
 * </ul>
 * An event stamped more than the plan's {@code telemetry.maxLateness} before the clock is applied at the clock, as
 * if it had just happened, and counted per source: reaching back further would re-open decisions people have
 * already acted on. A decision stamped before the clock (the decision API stamps its receipt on the wall clock, which
 * a replayed or compressed stream runs ahead of) is applied at the clock too: it answers what its maker saw.
 */
public final class LateEvents {

    private LateEvents() {
    }

    /** An event as it reached the monitor. */
    public record Arrival(TelemetryEvent event, Instant arrivedAt) {
    }

    /**
     * A state of the migration and every event applied after it, in the order they arrived: what a late event is
     * re-judged from.
     */
    public record Rewind(MigrationState base, List<Arrival> since) {

        public Rewind {
            since = List.copyOf(since);
        }
    }

    /**
     * A time-ordered state a re-judgement passed, with the late event in it: a later late event may be re-judged
     * from it.
     *
     * @param lastArrived the last event of the rewind's {@code since} such that it and all that arrived before it are
     *                    in the state (null: none of them)
     * @param alsoApplied the identities of the events in the state that arrived after {@code lastArrived}, the late
     *                    event among them: a view that the re-judgement changes as it goes, to be copied by whoever
     *                    keeps it (most states passed are not kept, and the copy would be made for each event re-run)
     */
    public record Passed(MigrationState state, TelemetryEvent lastArrived, Set<String> alsoApplied) {
    }

    /** Where a migration's past comes from: the service keeps recent states and reads the events from its ledger. */
    @FunctionalInterface
    public interface History {

        /**
         * A state whose clock is at or before {@code time} (the initial state if need be) and the events applied
         * after it; the event being judged need not be among them.
         */
        Rewind rewindTo(Instant time);

        /** The re-judgement passed this state: one a later late event may start from ({@link RecentPast}). */
        default void passed(Passed state) {
        }
    }

    /** How an event stands against the migration's clock. */
    public enum Timing {
        /** at or after the clock: applied as it comes */
        IN_ORDER,
        /** before the clock, within maxLateness: judged as of its own time */
        LATE,
        /** more than maxLateness before the clock: applied at the clock and counted */
        TOO_LATE,
        /** a decision stamped before the clock: applied at the clock, not counted (a person's clock is not a tool's) */
        DECISION_BEFORE_THE_CLOCK
    }

    public static Timing timing(MigrationState state, MigrationPlan plan, TelemetryEvent event) {
        Instant clock = state.clock().eventTime();
        if (clock == null || !event.time().isBefore(clock) || event.data() instanceof PlanEvent) {
            return Timing.IN_ORDER;
        }
        if (event.data() instanceof DecisionEvent) {
            return Timing.DECISION_BEFORE_THE_CLOCK;
        }
        return Duration.between(event.time(), clock).compareTo(plan.telemetry().maxLateness()) <= 0 ? Timing.LATE
                : Timing.TOO_LATE;
    }

    /**
     * Applies an event that arrived: in order as the engine does, late as of its own time (asking {@code history}
     * for the past only then), too late at the migration's clock.
     */
    public static Outcome apply(MigrationState state, MigrationPlan plan, Arrival arrival, History history) {
        Outcome decided = switch (timing(state, plan, arrival.event())) {
            case IN_ORDER -> RuleEngine.apply(state, plan, arrival.event(), arrival.arrivedAt());
            case LATE -> rejudge(state, plan, arrival, history.rewindTo(arrival.event().time()), history);
            case TOO_LATE -> atTheClock(state, plan, arrival, true);
            // a person answers what was on the screen when they decided: at the clock they saw, never before it
            case DECISION_BEFORE_THE_CLOCK -> atTheClock(state, plan, arrival, false);
        };
        return announced(state, plan, decided, arrival.event().id());
    }

    /** A wall-clock tick ({@link RuleEngine#tick}), its alerts under the names the topic knows them by. */
    public static Outcome tick(MigrationState state, MigrationPlan plan, Instant now) {
        return announced(state, plan, RuleEngine.tick(state, plan, now), "tick-" + now);
    }

    /**
     * What {@code decided} publishes, each episode under the name it is announced under: one that the topic was told
     * is RESOLVED and that {@code cause} re-opens gets a new name (see {@link EpisodeNames}).
     */
    private static Outcome announced(MigrationState before, MigrationPlan plan, Outcome decided, String cause) {
        if (decided.transitions().isEmpty()) {
            return decided;
        }
        Clock clock = decided.state().clock();
        EpisodeNames names = new EpisodeNames(clock.published());
        List<AlertTransition> published = names.publish(new HashSet<>(before.firing().keySet()),
                decided.transitions(), cause, clock.eventTime());
        MigrationState state = names.of(decided.state());
        Instant horizon = clock.eventTime() == null ? null
                : clock.eventTime().minus(plan.telemetry().maxLateness().multipliedBy(2));
        state = state.withClock(clock.withPublished(names.remembered(horizon, state)));
        return new Outcome(state, published, decided.changedChunks(), decided.changedBuckets());
    }

    /** Applied at the migration's clock, not its own time (and remembered so, for any later re-judgement). */
    private static Outcome atTheClock(MigrationState state, MigrationPlan plan, Arrival arrival, boolean tooLate) {
        TelemetryEvent event = arrival.event();
        Outcome applied = RuleEngine.apply(state, plan, event, arrival.arrivedAt());
        Clock c = applied.state().clock();
        Clock marked = new Clock(c.eventTime(), c.newestArrivedAt(), c.lastArrivedAt(), c.lastEventByType(),
                c.skewBySource(),
                tooLate ? Maps.update(c.tooLateBySource(), event.source(), 0L, n -> n + 1) : c.tooLateBySource(),
                Maps.with(forgetBefore(c.appliedAtClock(), state.clock().eventTime()
                        .minus(plan.telemetry().maxLateness().multipliedBy(2))), Clock.identity(event),
                        state.clock().eventTime()), c.published());
        return new Outcome(applied.state().withClock(marked), applied.transitions(), applied.changedChunks(),
                applied.changedBuckets());
    }

    /**
     * Where events were applied long before any re-judgement can reach (one re-runs at most maxLateness back, from a
     * state kept a little further back) is not needed any more: a tool with a wrong clock must not grow the state.
     * The map is in insertion order and the clock never goes back, so the entries to forget are its first ones.
     */
    private static Map<String, Instant> forgetBefore(Map<String, Instant> appliedAt, Instant horizon) {
        Map<String, Instant> kept = appliedAt;
        for (Map.Entry<String, Instant> e : appliedAt.entrySet()) {
            if (!e.getValue().isBefore(horizon)) {
                break;
            }
            kept = Maps.without(kept, e.getKey());
        }
        return kept;
    }

    /**
     * Runs the events since {@code rewind}'s base again in event-time order with the late one among them, and
     * publishes what differs from what the same events gave without it.
     */
    static Outcome rejudge(MigrationState published, MigrationPlan plan, Arrival late, Rewind rewind,
                           History history) {
        Clock clock = published.clock();
        String lateIdentity = Clock.identity(late.event());
        Instant lateAt = late.event().time();
        // event-time order; equal times keep their arrival order, and the late event comes after those
        List<Arrival> ordered = rewind.since().stream()
                .filter(a -> !Clock.identity(a.event()).equals(lateIdentity))
                .sorted(Comparator.comparing(a -> clock.orderOf(a.event())))
                .toList();
        List<Arrival> before = ordered.stream().filter(a -> !clock.orderOf(a.event()).isAfter(lateAt)).toList();
        List<Arrival> after = ordered.stream().filter(a -> clock.orderOf(a.event()).isAfter(lateAt)).toList();

        Fold upToIt = new Fold(rewind.base()).then(plan, before);
        Fold without = new Fold(upToIt.state).then(plan, after);
        Fold with = new Fold(upToIt.state).then(plan, List.of(late));
        ArrivedPrefix prefix = new ArrivedPrefix(rewind.since(), lateIdentity);
        before.forEach(prefix::applied);
        history.passed(prefix.passed(with.state));
        for (Arrival a : after) {
            with.then(plan, List.of(a));
            prefix.applied(a);
            history.passed(prefix.passed(with.state));
        }
        // the clock is the arrival-order one: which event arrived last, each source's skew, what came too late
        with.state = with.state.withClock(RuleEngine.advance(clock, late.event(), late.arrivedAt()));
        with.absorb(RuleEngine.tick(with.state, plan, late.arrivedAt()));

        // the runs give the engine's keys; what was published knows some episodes by the name they were re-opened under
        EpisodeNames names = new EpisodeNames(clock.published());
        with.state = names.of(with.state);
        List<AlertTransition> corrections = corrections(published, names.of(without.transitions),
                names.of(with.transitions), with.state, late);
        Set<ChunkRef> chunks = new LinkedHashSet<>(upToIt.chunks);
        chunks.addAll(with.chunks);
        Set<Instant> buckets = new LinkedHashSet<>(upToIt.buckets);
        buckets.addAll(with.buckets);
        return new Outcome(with.state, corrections, List.copyOf(chunks), List.copyOf(buckets));
    }

    /**
     * What to publish: the transitions the time-ordered stream gives from the late event on that the stream without
     * it did not (skipping a FIRING of an episode already open and a RESOLVED of one nobody was told of), a FIRING for
     * every episode the time-ordered stream holds open that nobody was told of (one whose RESOLVED the late event
     * undid), then a RESOLVED for every open episode the time-ordered stream does not hold.
     */
    private static List<AlertTransition> corrections(MigrationState published, List<AlertTransition> without,
                                                     List<AlertTransition> with, MigrationState timeOrdered,
                                                     Arrival late) {
        Instant decidedAt = published.clock().eventTime();
        TelemetryEvent event = late.event();
        Set<String> decidedWithout = new HashSet<>();
        without.forEach(t -> decidedWithout.add(t.state() + " " + t.episodeKey()));
        Set<String> open = new LinkedHashSet<>(published.firing().keySet());

        List<AlertTransition> out = new ArrayList<>();
        for (AlertTransition t : with) {
            if (decidedWithout.contains(t.state() + " " + t.episodeKey())) {
                continue;
            }
            boolean told = t.state() == AlertState.FIRING ? open.add(t.episodeKey()) : open.remove(t.episodeKey());
            if (!told) {
                continue;
            }
            LateDecision why = new LateDecision(event.id(), event.source(), event.time(), t.at());
            out.add(t.decidedLate(decidedAt, t.summary() + " " + decidedLate(why, decidedAt),
                    respondWithin(t.respondWithin(), timeOrdered.deadlines().get(t.episodeKey()), decidedAt), why));
        }
        for (Map.Entry<String, FiringAlert> e : timeOrdered.firing().entrySet()) {
            if (!open.add(e.getKey())) {
                continue;
            }
            FiringAlert alert = e.getValue();
            LateDecision why = new LateDecision(event.id(), event.source(), event.time(), alert.at());
            out.add(new AlertTransition(published.migrationId(), alert.rule(), alert.severity(), alert.action(),
                    AlertState.FIRING, alert.summary() + " " + decidedLate(why, decidedAt), alert.evidence(),
                    alert.decisionMaker(), respondWithin(alert.respondWithin(),
                    timeOrdered.deadlines().get(e.getKey()), decidedAt), decidedAt, e.getKey(), why));
        }
        for (String episode : open) {
            FiringAlert alert = published.firing().get(episode);
            if (alert == null || timeOrdered.firing().containsKey(episode)) {
                continue;
            }
            LateDecision why = new LateDecision(event.id(), event.source(), event.time(), event.time());
            out.add(new AlertTransition(published.migrationId(), alert.rule(), alert.severity(), alert.action(),
                    AlertState.RESOLVED, "Superseded by a late event (" + event.id() + ", " + event.time()
                    + "): in event-time order " + alert.rule() + " does not hold. " + decidedLate(why, decidedAt),
                    List.of(event.id()), null, null, decidedAt, episode, why));
        }
        return out;
    }

    /** The decision maker has the time left until the deadline the time-ordered stream gives, no more. */
    private static Duration respondWithin(Duration declared, Deadline deadline, Instant decidedAt) {
        return declared == null || deadline == null ? declared
                : max(Duration.ZERO, Duration.between(decidedAt, deadline.dueAt()));
    }

    private static String decidedLate(LateDecision why, Instant decidedAt) {
        return "Decided late: event " + why.eventId() + " from " + why.eventSource() + " is stamped "
                + why.eventTime() + " and arrived after the migration's clock had reached " + decidedAt + ".";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Which of the events since a rewind's base a time-ordered state holds, told as a checkpoint can keep it: the
     * longest run of them in arrival order that it holds whole, and the others it holds.
     */
    private static final class ArrivedPrefix {

        private final List<Arrival> since;
        private final Set<String> ahead = new HashSet<>();
        private final Set<String> aheadView = Collections.unmodifiableSet(ahead);
        private int length;

        ArrivedPrefix(List<Arrival> since, String lateIdentity) {
            this.since = since;
            ahead.add(lateIdentity);
        }

        void applied(Arrival a) {
            ahead.add(Clock.identity(a.event()));
            while (length < since.size() && ahead.remove(Clock.identity(since.get(length).event()))) {
                length++;
            }
        }

        Passed passed(MigrationState state) {
            return new Passed(state, length == 0 ? null : since.get(length - 1).event(), aheadView);
        }
    }

    /** Events applied one after another from a state, with everything they decided and changed. */
    private static final class Fold {

        MigrationState state;
        final List<AlertTransition> transitions = new ArrayList<>();
        final Set<ChunkRef> chunks = new LinkedHashSet<>();
        final Set<Instant> buckets = new LinkedHashSet<>();

        Fold(MigrationState state) {
            this.state = state;
        }

        Fold then(MigrationPlan plan, List<Arrival> events) {
            for (Arrival a : events) {
                absorb(RuleEngine.apply(state, plan, a.event(), a.arrivedAt()));
            }
            return this;
        }

        void absorb(Outcome outcome) {
            state = outcome.state();
            transitions.addAll(outcome.transitions());
            chunks.addAll(outcome.changedChunks());
            buckets.addAll(outcome.changedBuckets());
        }
    }
}
