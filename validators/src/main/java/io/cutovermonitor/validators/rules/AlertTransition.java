package io.cutovermonitor.validators.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert transition a rule decided: an episode started (FIRING) or ended (RESOLVED).
 *
 * @param rule          rule id, e.g. {@code integrity-mismatch}
 * @param action        the action of the episode; a RESOLVED carries the action of its FIRING
 * @param summary       one sentence a person can act on
 * @param evidence      ids of the events that caused it
 * @param decisionMaker who decides, only on a FIRING with action ROLLBACK
 * @param respondWithin how soon from {@code at}, only on a FIRING with action ROLLBACK
 * @param at            the monitor's clock at the decision: the event time of the event applied, or the
 *                      wall-clock instant of the tick that decided it
 * @param episodeKey    unique per (migration, rule, episode), the same on every replay: the service uses it to
 *                      publish exactly one FIRING (and one RESOLVED) per episode, even across crashes
 * @param late          set when a late event decided it: the event, and the event time the transition is about
 *                      (null for every other transition)
 */
public record AlertTransition(String migrationId, String rule, Severity severity, Action action, AlertState state,
                              String summary, List<String> evidence, String decisionMaker, Duration respondWithin,
                              Instant at, String episodeKey, LateDecision late) {

    /**
     * What a late event changed: the event (id, source, its own time) and the event time the transition is about,
     * in the time-ordered stream.
     */
    public record LateDecision(String eventId, String eventSource, Instant eventTime, Instant about) {

        public LateDecision {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(about, "about");
        }
    }

    public AlertTransition {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(episodeKey, "episodeKey");
        evidence = List.copyOf(evidence);
    }

    /** The same transition, decided at {@code decidedAt} because of a late event. */
    AlertTransition decidedLate(Instant decidedAt, String newSummary, Duration newRespondWithin, LateDecision why) {
        return new AlertTransition(migrationId, rule, severity, action, state, newSummary, evidence, decisionMaker,
                newRespondWithin, decidedAt, episodeKey, why);
    }

    /** The same transition under another episode name (see {@link EpisodeNames}). */
    AlertTransition named(String name) {
        return new AlertTransition(migrationId, rule, severity, action, state, summary, evidence, decisionMaker,
                respondWithin, at, name, late);
    }

    /** The instant by which the decision maker must answer, or null when nobody has to. */
    public Instant deadline() {
        return respondWithin == null ? null : at.plus(respondWithin);
    }
}
