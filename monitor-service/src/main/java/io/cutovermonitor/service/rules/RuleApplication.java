package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.AlertTransition;
import io.cutovermonitor.validators.rules.LateEvents;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.Outcome;
import io.cutovermonitor.validators.rules.PlanChange;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the plan's rules inside the caller's ledger transaction: state snapshots and alert transitions are written
 * with the events that caused them, and become visible (cached, published) only once that transaction committed.
 * Each migration touched is locked until then, so the consumer and the wall-clock tick never interleave on it.
 */
@Component
public class RuleApplication {

    /** An event newly stored in the ledger, with when it arrived and the partition it came on. */
    public record Applied(TelemetryEvent event, Instant arrivedAt, Integer partition) {
    }

    private final MigrationBook book;
    private final LateEventHistory history;
    private final PlanRegistry plans;
    private final AlertOutbox outbox;
    private final AlertPublisher publisher;
    private final RuleCounts counts;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher changes;

    public RuleApplication(MigrationBook book, LateEventHistory history, PlanRegistry plans, AlertOutbox outbox,
                           AlertPublisher publisher, RuleCounts counts, TransactionTemplate transactions,
                           ApplicationEventPublisher changes) {
        this.book = book;
        this.history = history;
        this.plans = plans;
        this.outbox = outbox;
        this.publisher = publisher;
        this.counts = counts;
        this.transactions = transactions;
        this.changes = changes;
    }

    /**
     * An archived migration leaves memory: its state and the recent past its late events were judged from. Its state
     * stays in the ledger, where the status reads it. Under the migration's lock, so no event is half applied.
     */
    public void forget(String migrationId) {
        ReentrantLock lock = book.lockFor(migrationId);
        lock.lock();
        try {
            book.forget(migrationId);
            history.forget(migrationId);
        } finally {
            lock.unlock();
        }
    }

    /** Applies newly stored events, in order. Must run inside a transaction. */
    public void apply(List<Applied> events) {
        Round round = new Round();
        for (Applied applied : events) {
            TelemetryEvent event = applied.event();
            String id = event.migrationId();
            MigrationState state = round.stateOf(id);
            if (event.data() instanceof PlanEvent) {
                round.update(id, state, rejudged(round, state, event), applied.partition());
                round.lastEvents.put(id, event);
                continue;
            }
            MigrationPlan plan = round.planFor(id);
            LateEvents.Timing timing = LateEvents.timing(state, plan, event);
            Outcome outcome = LateEvents.apply(state, plan, new LateEvents.Arrival(event, applied.arrivedAt()),
                    history.forLate(id, event));
            round.update(id, state, outcome, applied.partition());
            round.lastEvents.put(id, event);
            history.applied(outcome.state(), event);
            if (timing == LateEvents.Timing.LATE || timing == LateEvents.Timing.TOO_LATE) {
                round.late.add(new LateArrival(event, timing == LateEvents.Timing.LATE));
            }
        }
        round.finish();
    }

    /**
     * A plan change: kept as the migration's next plan version, and the migration's history re-judged under it from
     * its first event ({@link PlanChange}). The past kept for late events was judged under the old plan: a late
     * event after this is re-judged from the ledger.
     */
    private Outcome rejudged(Round round, MigrationState state, TelemetryEvent event) {
        PlanRegistry.Adopted adopted = plans.adopt(event);
        round.plans.put(event.migrationId(), adopted);
        List<LateEvents.Arrival> before = history.arrivalsBefore(event);
        history.forget(event.migrationId());
        Outcome outcome = PlanChange.rejudge(state, adopted.plan(), before, new PlanChange.Change(event.id(),
                adopted.version().version(), ((PlanEvent) event.data()).by(), event.time()));
        history.applied(outcome.state(), event);
        return outcome;
    }

    /**
     * Evaluates the wall-clock rules of one migration at {@code now}. Most ticks change nothing (the migration is
     * not live, or nothing is due): those take the migration's lock only for the evaluation and open no
     * transaction, so they never hold up the consumer.
     */
    public void tick(String migrationId, Instant now) {
        ReentrantLock lock = book.lockFor(migrationId);
        lock.lock();
        try {
            MigrationState state = book.stateOf(migrationId);
            Outcome outcome = LateEvents.tick(state, plans.planFor(migrationId), now);
            if (outcome.transitions().isEmpty() && outcome.state().equals(state)) {
                return;
            }
            transactions.executeWithoutResult(status -> {
                Round round = new Round();
                round.update(migrationId, state, outcome, book.partitionOf(migrationId));
                round.finish();
            });
        } finally {
            lock.unlock();
        }
    }

    /** An event stamped before its migration's clock, and whether it was judged as of its own time. */
    private record LateArrival(TelemetryEvent event, boolean judgedAsOfItsOwnTime) {
    }

    /** One transaction's worth of rule work: the states it moved, the alerts it raised, the locks it holds. */
    private final class Round implements TransactionSynchronization {

        private final Map<String, MigrationBook.Entry> states = new LinkedHashMap<>();
        /** The plans this round's plan changes adopted: they govern its later events before the registry has them. */
        private final Map<String, PlanRegistry.Adopted> plans = new HashMap<>();
        /** Per migration, the last event the round applied to it: its state after the round is a checkpoint. */
        private final Map<String, TelemetryEvent> lastEvents = new HashMap<>();
        private final List<LateArrival> late = new ArrayList<>();
        /** Per migration, the state before this round and the chunks the round changed, in the order it did. */
        private final Map<String, MigrationState> before = new HashMap<>();
        private final Map<String, Set<ChunkRef>> changedChunks = new LinkedHashMap<>();
        private final Map<String, Set<Instant>> changedBuckets = new LinkedHashMap<>();
        private final List<ReentrantLock> held = new ArrayList<>();
        private final List<AlertTransition> transitions = new ArrayList<>();
        /** The plan each transition was decided under, as it governed when it was decided. */
        private final List<PlanRegistry.Governing> decidedUnder = new ArrayList<>();
        /** The migrations whose lock the round took: what it leaves behind is undone for them if it rolls back. */
        private final Set<String> touched = new LinkedHashSet<>();
        private boolean[] fresh = new boolean[0];

        /**
         * Registered at once, so that whatever fails before {@link #finish} (a late event's history unreadable, a
         * bug) still releases the locks and drops the checkpoints the round left, when its transaction rolls back.
         */
        Round() {
            TransactionSynchronizationManager.registerSynchronization(this);
        }

        MigrationPlan planFor(String migrationId) {
            PlanRegistry.Adopted adopted = plans.get(migrationId);
            return adopted != null ? adopted.plan() : RuleApplication.this.plans.planFor(migrationId);
        }

        /** The plan and version that govern the migration at this point of the round. */
        PlanRegistry.Governing governing(String migrationId) {
            PlanRegistry.Adopted adopted = plans.get(migrationId);
            return adopted != null ? new PlanRegistry.Governing(adopted.plan(), adopted.version())
                    : RuleApplication.this.plans.governing(migrationId);
        }

        MigrationState stateOf(String migrationId) {
            MigrationBook.Entry entry = states.get(migrationId);
            if (entry != null) {
                return entry.state();
            }
            touched.add(migrationId);
            ReentrantLock lock = book.lockFor(migrationId);
            if (!lock.isHeldByCurrentThread()) {
                lock.lock();
                held.add(lock);
            }
            return book.stateOf(migrationId);
        }

        /** Records what applying an event or a tick to {@code state} gave. */
        void update(String migrationId, MigrationState state, Outcome outcome, Integer partition) {
            before.putIfAbsent(migrationId, state);
            states.put(migrationId, new MigrationBook.Entry(outcome.state(), partition));
            transitions.addAll(outcome.transitions());
            if (!outcome.transitions().isEmpty()) {
                PlanRegistry.Governing under = governing(migrationId);
                outcome.transitions().forEach(t -> decidedUnder.add(under));
            }
            if (!outcome.changedChunks().isEmpty()) {
                changedChunks.computeIfAbsent(migrationId, id -> new LinkedHashSet<>()).addAll(outcome.changedChunks());
            }
            if (!outcome.changedBuckets().isEmpty()) {
                changedBuckets.computeIfAbsent(migrationId, id -> new LinkedHashSet<>()).addAll(outcome.changedBuckets());
            }
        }

        void finish() {
            book.save(states, chunkChanges(), bucketChanges());
            if (!transitions.isEmpty()) {
                fresh = outbox.record(transitions, decidedUnder);
            }
        }

        /** The changed chunks of each migration, split into those it did not have before the round and the rest. */
        private Map<String, MigrationBook.ChunkChanges> chunkChanges() {
            Map<String, MigrationBook.ChunkChanges> changes = new HashMap<>();
            changedChunks.forEach((migrationId, refs) -> {
                MigrationState old = before.get(migrationId);
                List<ChunkRef> added = new ArrayList<>();
                List<ChunkRef> updated = new ArrayList<>();
                for (ChunkRef ref : refs) {
                    var table = old.tables().get(ref.table());
                    (table != null && table.chunks().containsKey(ref.chunk()) ? updated : added).add(ref);
                }
                changes.put(migrationId, new MigrationBook.ChunkChanges(added, updated));
            });
            return changes;
        }

        /**
         * The throughput buckets of each migration the round changed, split into new ones and the rest, and whether
         * its oldest kept bucket moved (buckets left what the rule keeps). A bucket a report created and the rule
         * let go in the same round is no row at all.
         */
        private Map<String, MigrationBook.BucketChanges> bucketChanges() {
            Map<String, MigrationBook.BucketChanges> changes = new HashMap<>();
            states.forEach((migrationId, entry) -> {
                MigrationState.Throughput old = before.get(migrationId).throughput();
                MigrationState.Throughput now = entry.state().throughput();
                Instant oldFirst = old.buckets().isEmpty() ? null : old.buckets().get(0).end();
                Instant keptFrom = now.buckets().isEmpty() ? null : now.buckets().get(0).end();
                boolean pruned = oldFirst != null && !oldFirst.equals(keptFrom);
                List<MigrationState.Bucket> added = new ArrayList<>();
                List<MigrationState.Bucket> updated = new ArrayList<>();
                for (Instant end : changedBuckets.getOrDefault(migrationId, Set.of())) {
                    now.bucketEnding(end).ifPresent(bucket ->
                            (old.bucketEnding(end).isPresent() ? updated : added).add(bucket));
                }
                if (pruned || !added.isEmpty() || !updated.isEmpty()) {
                    changes.put(migrationId, new MigrationBook.BucketChanges(added, updated, pruned, keptFrom));
                }
            });
            return changes;
        }

        @Override
        public void afterCompletion(int status) {
            try {
                if (status != STATUS_COMMITTED) {
                    touched.forEach(history::rolledBack);
                    return;
                }
                book.remember(states);
                lastEvents.forEach((id, event) -> history.committed(states.get(id).state(), event,
                        planFor(id).telemetry().maxLateness()));
                late.forEach(l -> counts.late(l.event(), l.judgedAsOfItsOwnTime()));
                for (int i = 0; i < transitions.size(); i++) {
                    if (fresh[i]) {
                        counts.alert(transitions.get(i));
                    }
                }
                if (!transitions.isEmpty()) {
                    publisher.wake();
                }
                if (!states.isEmpty()) {
                    changes.publishEvent(new MigrationsChanged(states.keySet()));
                }
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }
    }
}
