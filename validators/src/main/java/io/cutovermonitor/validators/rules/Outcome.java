package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;

import java.util.List;

/**
 * What applying one event (or one tick) gives: the migration's next state, the alert transitions, in order, and
 * the chunks whose state changed (what a ledger must write: the rest of a migration's chunks are as they were).
 */
public record Outcome(MigrationState state, List<AlertTransition> transitions, List<ChunkRef> changedChunks) {

    public Outcome {
        transitions = List.copyOf(transitions);
        changedChunks = List.copyOf(changedChunks);
    }
}
