package io.cutovermonitor.service.whatif;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.AlertTransition;
import io.cutovermonitor.validators.rules.LateEvents;
import io.cutovermonitor.validators.rules.Replay;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "With this draft plan, what would the night have raised?": the migration's ledger events, decisions among them,
 * replayed through the rule engine under the draft ({@link Replay}), next to the transitions on record, and how the
 * two differ. Reads the ledger and holds no lock: the live migration goes on meanwhile, and nothing is written.
 */
@Service
class WhatIf {

    private final EventLedger ledger;
    private final AlertOutbox outbox;

    WhatIf(EventLedger ledger, AlertOutbox outbox) {
        this.ledger = ledger;
        this.outbox = outbox;
    }

    /** One alert transition, as the draft gives it or as it is on record. */
    record Transition(String rule, String state, Instant at, String episode, String summary, List<String> evidence) {
    }

    /** A transition both give, at different times. */
    record Moved(String rule, String state, String episode, Instant onRecord, Instant underDraft) {
    }

    record Differences(List<Transition> onlyUnderDraft, List<Transition> onlyOnRecord, List<Moved> atAnotherTime) {

        boolean none() {
            return onlyUnderDraft.isEmpty() && onlyOnRecord.isEmpty() && atAnotherTime.isEmpty();
        }
    }

    /**
     * @param from, to   the stretch of time compared (either may be null: open)
     * @param replayMillis how long the replay took
     */
    record Answer(String migrationId, String plan, int events, Instant from, Instant to, boolean same,
                  Differences differences, List<Transition> underDraft, List<Transition> onRecord, long replayMillis) {
    }

    /** No phase of the migration has the name asked for. */
    static final class NoSuchPhase extends RuntimeException {
        NoSuchPhase(String migrationId, String name) {
            super("migration " + migrationId + " has no phase named " + name + " (a phase event's name, e.g. "
                    + "rehearsal-2)");
        }
    }

    Answer of(String migrationId, MigrationPlan draft, Instant from, Instant to) {
        return of(migrationId, draft, arrivalsOf(migrationId), from, to);
    }

    /**
     * Over one phase of the migration: from the first phase event of that name to the last (its COMPLETED or
     * FAILED, included), or on to the end of the record while it has not ended.
     */
    Answer ofPhase(String migrationId, MigrationPlan draft, String name) {
        List<LateEvents.Arrival> arrivals = arrivalsOf(migrationId);
        List<LateEvents.Arrival> phase = arrivals.stream()
                .filter(a -> a.event().data() instanceof PhaseEvent p && name.equals(p.name())).toList();
        if (phase.isEmpty()) {
            throw new NoSuchPhase(migrationId, name);
        }
        Instant first = phase.stream().map(a -> a.event().time()).min(Instant::compareTo).orElseThrow();
        Instant last = phase.stream().map(a -> a.event().time()).max(Instant::compareTo).orElseThrow();
        boolean ended = phase.stream()
                .anyMatch(a -> ((PhaseEvent) a.event().data()).status() != PhaseEvent.PhaseStatus.STARTED);
        return of(migrationId, draft, arrivals, first, ended ? last.plusNanos(1) : null);
    }

    private List<LateEvents.Arrival> arrivalsOf(String migrationId) {
        return ledger.arrivalsOf(migrationId).stream()
                .map(s -> new LateEvents.Arrival(s.event(), s.receivedAt())).toList();
    }

    private Answer of(String migrationId, MigrationPlan draft, List<LateEvents.Arrival> arrivals, Instant from,
                      Instant to) {
        long started = System.nanoTime();
        List<Transition> underDraft = Replay.transitions(migrationId, draft, arrivals).stream()
                .map(WhatIf::transition).filter(t -> within(t.at(), from, to)).toList();
        long replayMillis = (System.nanoTime() - started) / 1_000_000;
        List<Transition> onRecord = outbox.transitionsOf(migrationId).stream()
                .map(s -> new Transition(s.rule(), s.state(), s.at(), s.episodeKey(), s.summary(),
                        texts(s.data().path("evidence"))))
                .filter(t -> within(t.at(), from, to)).toList();
        Differences differences = compare(onRecord, underDraft);
        return new Answer(migrationId, draft.name(), arrivals.size(), from, to, differences.none(), differences,
                underDraft, onRecord, replayMillis);
    }

    /**
     * Pairs each transition with the other side's of the same rule, episode and state, in order: a pair at equal
     * times is the same decision, at different times one moved; what is left over fired (or resolved) only on one
     * side.
     */
    static Differences compare(List<Transition> onRecord, List<Transition> underDraft) {
        Map<String, Deque<Transition>> recorded = new LinkedHashMap<>();
        onRecord.forEach(t -> recorded.computeIfAbsent(key(t), k -> new ArrayDeque<>()).add(t));
        List<Transition> onlyUnderDraft = new ArrayList<>();
        List<Moved> moved = new ArrayList<>();
        for (Transition d : underDraft) {
            Deque<Transition> same = recorded.get(key(d));
            Transition r = same == null ? null : same.poll();
            if (r == null) {
                onlyUnderDraft.add(d);
            } else if (!r.at().equals(d.at())) {
                moved.add(new Moved(d.rule(), d.state(), d.episode(), r.at(), d.at()));
            }
        }
        List<Transition> onlyOnRecord = recorded.values().stream().flatMap(Deque::stream).toList();
        return new Differences(onlyUnderDraft, onlyOnRecord, moved);
    }

    private static String key(Transition t) {
        return t.rule() + '\u0000' + t.episode() + '\u0000' + t.state();
    }

    private static Transition transition(AlertTransition t) {
        return new Transition(t.rule(), t.state().name(), t.at(), t.episodeKey(), t.summary(), t.evidence());
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    private static List<String> texts(tools.jackson.databind.JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
