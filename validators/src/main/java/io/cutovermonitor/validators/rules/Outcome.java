package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;

import java.time.Instant;
import java.util.List;

/**
 * What applying one event (or one tick) gives: the migration's next state, the alert transitions, in order, and
 * what a ledger must write beyond the small rest of the state: the chunks whose state changed and the interval ends
 * of the throughput buckets a report added to or created (the other chunks and buckets are as they were; buckets
 * that left what is kept are those before the state's first one).
 */
public record Outcome(MigrationState state, List<AlertTransition> transitions, List<ChunkRef> changedChunks,
                      List<Instant> changedBuckets) {

    public Outcome {
        transitions = List.copyOf(transitions);
        changedChunks = List.copyOf(changedChunks);
        changedBuckets = List.copyOf(changedBuckets);
    }
}
