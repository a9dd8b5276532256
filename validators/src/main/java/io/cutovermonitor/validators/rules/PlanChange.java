package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.LateEvents.Arrival;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.Deadline;
import io.cutovermonitor.validators.rules.MigrationState.FiringAlert;
import io.cutovermonitor.validators.rules.MigrationState.TableIntegrity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan put for a migration re-judges its recorded night: the migration's events are replayed from the first, in
 * the order they arrived, under the new plan ({@link Replay}), and what that gives against what the alert topic was
 * told is published once, at the plan change:
 * <ul>
 *     <li>an episode the new plan holds open and the topic was not told of: FIRING;</li>
 *     <li>an episode open on the topic that the new plan does not hold: RESOLVED;</li>
 *     <li>the state becomes the replayed one, so the status, the metrics and the next events go by the new plan.</li>
 * </ul>
 * Each says that the plan changed, which version and who put it. The change is decided at the migration's clock (its
 * newest event time, or the change's own time for a migration with no event yet), and moves no clock: a stream
 * replayed from the past is judged on event time as before, and a replay of the topic decides the same.
 * <p>
 * A rollback trigger that newly holds is owed its full {@code respondWithin} from the change: nobody could answer a
 * trigger nobody was told of, so its deadline starts then, and a deadline the replay found passed is not published
 * as overrun. A deadline the topic was told of stands as it was told while the new plan still holds its trigger.
 */
public final class PlanChange {

    private PlanChange() {
    }

    /**
     * The plan change, as its event says.
     *
     * @param eventId the {@code migration.plan.v1} event: the evidence of what it decides
     * @param version the migration's plan version it is
     * @param by      who put it
     */
    public record Change(String eventId, int version, String by, Instant time) {

        public Change {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(time, "time");
        }

        String said() {
            return "Plan changed: version " + version + " put by " + by + " at " + time + ".";
        }
    }

    /**
     * @param published the migration's state as the alert topic knows it (judged under the plan before)
     * @param history   the migration's events before the change, in the order they arrived, with when they did
     */
    public static Outcome rejudge(MigrationState published, MigrationPlan plan, List<Arrival> history, Change change) {
        Instant at = published.clock().eventTime() != null ? published.clock().eventTime() : change.time();
        EpisodeNames names = new EpisodeNames(published.clock().published());
        MigrationState replayed = names.of(Replay.run(published.migrationId(), plan, history).state());

        Map<String, FiringAlert> firing = new LinkedHashMap<>(replayed.firing());
        firing.keySet().removeIf(key -> RollbackDeadlinePolicy.triggerOf(key) != null);
        Map<String, Deadline> deadlines = new LinkedHashMap<>();
        replayed.deadlines().forEach((trigger, deadline) -> {
            Deadline told = published.deadlines().get(trigger);
            String overdue = RollbackDeadlinePolicy.key(trigger);
            if (told != null) {
                deadlines.put(trigger, told);
                if (published.firing().containsKey(overdue)) {
                    firing.put(overdue, published.firing().get(overdue));
                }
            } else if (firing.containsKey(trigger)) {
                Duration respondWithin = Duration.between(deadline.triggerAt(), deadline.dueAt());
                deadlines.put(trigger, new Deadline(deadline.rule(), at, at.plus(respondWithin), deadline.evidence(),
                        false));
            }
            // a trigger that held and cleared in the past under the new plan is the what-if's to show, not a page now
        });

        List<AlertTransition> decided = new ArrayList<>();
        firing.forEach((key, alert) -> {
            if (!published.firing().containsKey(key)) {
                decided.add(fired(published.migrationId(), key, alert, deadlines.get(key), at, change));
            }
        });
        published.firing().forEach((key, alert) -> {
            if (!firing.containsKey(key)) {
                decided.add(new AlertTransition(published.migrationId(), alert.rule(), alert.severity(),
                        alert.action(), AlertState.RESOLVED, change.said() + " Under it " + alert.rule()
                        + " does not hold.", List.of(change.eventId()), null, null, at, key, null));
            }
        });
        List<AlertTransition> transitions = names.publish(new LinkedHashSet<>(published.firing().keySet()), decided,
                "plan-v" + change.version(), at);

        MigrationState judged = names.of(replayed.withEpisodes(firing, deadlines));
        Instant horizon = at.minus(plan.telemetry().maxLateness().multipliedBy(2));
        judged = judged.withClock(replayed.clock().withPublished(names.remembered(horizon, judged)));
        return new Outcome(judged, transitions, changedChunks(published, judged), changedBuckets(published, judged));
    }

    private static AlertTransition fired(String migrationId, String key, FiringAlert alert, Deadline deadline,
                                         Instant at, Change change) {
        List<String> evidence = new ArrayList<>(alert.evidence());
        evidence.add(change.eventId());
        Duration respondWithin = deadline == null ? alert.respondWithin() : Duration.between(at, deadline.dueAt());
        return new AlertTransition(migrationId, alert.rule(), alert.severity(), alert.action(), AlertState.FIRING,
                change.said() + " Under it this holds since " + alert.at() + ": " + alert.summary(), evidence,
                alert.decisionMaker(), respondWithin, at, key, null);
    }

    /** The chunks whose state the re-judgement changed: the ledger rewrites those, not all of them. */
    private static List<ChunkRef> changedChunks(MigrationState before, MigrationState after) {
        List<ChunkRef> changed = new ArrayList<>();
        after.tables().forEach((table, integrity) -> {
            TableIntegrity old = before.tables().get(table);
            integrity.chunks().forEach((chunk, state) -> {
                ChunkState was = old == null ? null : old.chunks().get(chunk);
                if (!state.equals(was)) {
                    changed.add(new ChunkRef(table, chunk));
                }
            });
        });
        return changed;
    }

    private static List<Instant> changedBuckets(MigrationState before, MigrationState after) {
        List<Instant> changed = new ArrayList<>();
        for (Bucket bucket : after.throughput().buckets()) {
            if (!before.throughput().bucketEnding(bucket.end()).equals(Optional.of(bucket))) {
                changed.add(bucket.end());
            }
        }
        return changed;
    }
}
