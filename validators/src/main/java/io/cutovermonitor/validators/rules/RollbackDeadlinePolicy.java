package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.Deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code rollback-deadline}: a ROLLBACK trigger fired and neither ROLLBACK COMPLETED (outside a rehearsal) nor a
 * GO naming its rule came within its respondWithin (2 h for integrity errors and overrun, 4 h for core
 * functions), whether or not the trigger still fires: the rollback itself is overrunning, or nobody answered
 * (CRITICAL). One episode per trigger FIRING, its clock running from that FIRING's {@code at}; past means
 * strictly after the deadline. It resolves when the answer comes.
 */
final class RollbackDeadlinePolicy {

    private RollbackDeadlinePolicy() {
    }

    static void checkDue(Step s) {
        for (Map.Entry<String, Deadline> e : s.deadlines.entrySet()) {
            Deadline d = e.getValue();
            if (d.fired() || !s.now.isAfter(d.dueAt())) {
                continue;
            }
            s.deadlines = Maps.with(s.deadlines, e.getKey(),
                    new Deadline(d.rule(), d.triggerAt(), d.dueAt(), d.evidence(), true));
            List<String> evidence = new ArrayList<>(d.evidence());
            evidence.addAll(s.thisEvent());
            s.fire(Rule.ROLLBACK_DEADLINE, key(e.getKey()), e.getKey(), Action.NONE, d.rule() + " FIRING since "
                    + d.triggerAt() + " (" + Texts.duration(Duration.between(d.triggerAt(), s.now)) + " ago) and "
                    + "neither ROLLBACK COMPLETED nor a GO decision for it within "
                    + Duration.between(d.triggerAt(), d.dueAt()) + ": the rollback is overrunning, or nobody answered",
                    evidence);
        }
    }

    /**
     * An answer came (ROLLBACK COMPLETED, or a GO naming a rule): the rollback triggers it answers resolve, and
     * so do their deadlines.
     */
    static void answer(Step s, Predicate<String> answersRule, String how) {
        for (String key : s.firing.keySet()) {
            String rule = s.firing.get(key).rule();
            if (Rule.byId(rule).map(Rule::isRollbackTrigger).orElse(false) && answersRule.test(rule)) {
                s.resolve(key, rule + ": " + how + " answers the trigger");
            }
        }
        for (Map.Entry<String, Deadline> e : s.deadlines.entrySet()) {
            if (answersRule.test(e.getValue().rule())) {
                s.deadlines = Maps.without(s.deadlines, e.getKey());
                s.resolve(key(e.getKey()), e.getValue().rule() + " answered: " + how);
            }
        }
    }

    private static final String PREFIX = "rollback-deadline|";

    /** The deadline episode of a trigger episode. */
    static String key(String triggerKey) {
        return PREFIX + triggerKey;
    }

    /** The trigger episode a deadline episode is about; null if {@code key} is not a deadline episode. */
    static String triggerOf(String key) {
        return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : null;
    }
}
