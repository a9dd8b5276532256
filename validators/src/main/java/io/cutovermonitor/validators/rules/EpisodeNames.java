package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.Deadline;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.MigrationState.Published;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names alert episodes are published under. An episode's key names what started it and when, so every run of
 * the same events gives it the same key; but a late event can re-open an episode the topic was already told is
 * RESOLVED, and whoever reads the topic (the outbox, Alertmanager, a person) takes one FIRING and one RESOLVED per
 * key. A re-opened episode is therefore announced under a new name, {@code <key>|reopened-by-<event id>}, which it
 * keeps while it lasts (its rollback deadline follows it): every later run maps the engine's key to it.
 * <p>
 * A working copy for one decision, written back into the state's clock when done.
 */
final class EpisodeNames {

    private static final String REOPENED = "|reopened-by-";

    /** Announced key → the clock when its RESOLVED was published, oldest first. */
    private final Map<String, Instant> resolved;
    /** The engine's key of an episode → the name it was re-announced under. */
    private final Map<String, String> reopenedAs;

    EpisodeNames(Published published) {
        resolved = new LinkedHashMap<>(published.resolved());
        reopenedAs = new LinkedHashMap<>(published.reopenedAs());
    }

    /** The key the engine gives an episode, whatever name it was announced under. */
    static String engineKey(String key) {
        int at = key.indexOf(REOPENED);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The name an episode is announced under. */
    String of(String key) {
        if (reopenedAs.isEmpty()) {
            return key;
        }
        String engineKey = engineKey(key);
        String alias = reopenedAs.get(engineKey);
        if (alias != null) {
            return alias;
        }
        String trigger = RollbackDeadlinePolicy.triggerOf(engineKey);
        if (trigger != null) {
            return RollbackDeadlinePolicy.key(of(trigger));
        }
        return key;
    }

    AlertTransition of(AlertTransition t) {
        String name = of(t.episodeKey());
        return name.equals(t.episodeKey()) ? t : t.named(name);
    }

    List<AlertTransition> of(List<AlertTransition> transitions) {
        return reopenedAs.isEmpty() ? transitions : transitions.stream().map(this::of).toList();
    }

    /** The state with every open episode and deadline under the name it is announced under. */
    MigrationState of(MigrationState state) {
        if (reopenedAs.isEmpty()) {
            return state;
        }
        Map<String, FiringAlert> firing = new LinkedHashMap<>();
        state.firing().forEach((key, alert) -> firing.put(of(key), alert.rule().equals(Rule.ROLLBACK_DEADLINE.id())
                ? new FiringAlert(alert.rule(), of(alert.subject()), alert.severity(), alert.action(), alert.at(),
                alert.evidence(), alert.decisionMaker(), alert.respondWithin(), alert.summary()) : alert));
        Map<String, Deadline> deadlines = new LinkedHashMap<>();
        state.deadlines().forEach((key, deadline) -> deadlines.put(of(key), deadline));
        return firing.equals(state.firing()) && deadlines.equals(state.deadlines()) ? state
                : state.withEpisodes(firing, deadlines);
    }

    /**
     * What is published, in order, from the episodes {@code open} on the topic: every transition under its announced
     * name, a FIRING of an episode the topic was told is RESOLVED under a new one (re-opened by {@code cause}).
     */
    List<AlertTransition> publish(Set<String> open, List<AlertTransition> decided, String cause, Instant clock) {
        if (decided.isEmpty()) {
            return decided;
        }
        List<AlertTransition> published = new ArrayList<>(decided.size());
        for (AlertTransition t : decided) {
            AlertTransition named = of(t);
            String key = named.episodeKey();
            if (t.state() == AlertState.FIRING) {
                if (!open.contains(key) && resolved.containsKey(key)) {
                    key = reopen(t.episodeKey(), cause);
                    named = t.named(key);
                }
                open.add(key);
            } else {
                open.remove(key);
                // re-inserted, so the map stays in clock order and is forgotten from its front
                resolved.remove(key);
                resolved.put(key, clock);
            }
            published.add(named);
        }
        return published;
    }

    private String reopen(String key, String cause) {
        String engineKey = engineKey(key);
        String name = engineKey + REOPENED + cause;
        for (int n = 2; resolved.containsKey(name) || reopenedAs.containsValue(name); n++) {
            name = engineKey + REOPENED + cause + "-" + n;
        }
        reopenedAs.put(engineKey, name);
        return name;
    }

    /**
     * What to remember: RESOLVED published before {@code horizon} are forgotten (a re-judgement changes nothing
     * before the late event's own time, at most maxLateness back, so none of them can be re-opened), and so are the
     * names of re-opened episodes that are neither open nor remembered as resolved.
     */
    Published remembered(Instant horizon, MigrationState state) {
        var it = resolved.entrySet().iterator();
        while (it.hasNext() && horizon != null && it.next().getValue().isBefore(horizon)) {
            it.remove();
        }
        reopenedAs.values().removeIf(name -> !resolved.containsKey(name) && !state.firing().containsKey(name)
                && !state.deadlines().containsKey(name)
                && !resolved.containsKey(RollbackDeadlinePolicy.key(name))
                && !state.firing().containsKey(RollbackDeadlinePolicy.key(name)));
        return new Published(resolved, reopenedAs);
    }
}
