package io.cutovermonitor.validators.rules;

import java.util.List;

/** What applying one event (or one tick) gives: the migration's next state and the alert transitions, in order. */
public record Outcome(MigrationState state, List<AlertTransition> transitions) {

    public Outcome {
        transitions = List.copyOf(transitions);
    }
}
