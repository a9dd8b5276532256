package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.Mismatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code integrity-mismatch}: both sides of a reconciliation differ in counts or checksums: stop the migration
 * (CRITICAL / STOP; once the cutover is COMPLETED or FAILED or a ROLLBACK has STARTED there is nothing left to
 * stop: NONE). One episode per (table, chunk): it lasts until a later reconciliation of the same chunk matches.
 * <p>
 * While the source still takes writes (before the FINAL sync) a mismatch may be replication in flight, so it
 * counts only once it has stood confirmDelay without a matching report, when a later run sees it again, or
 * when the FINAL sync completes with it still open. After the FINAL sync it counts at once. The moment it counts
 * is the integrity error's time.
 */
final class IntegrityMismatchPolicy {

    private IntegrityMismatchPolicy() {
    }

    static void compared(Step s, ChunkRef ref, Comparison c) {
        ChunkState chunk = s.chunk(ref);
        s.putChunk(ref, new ChunkState(c.mismatchType() == null, c.runId(), s.now, c.sourceRows(), c.targetRows(),
                chunk.pending(), chunk.mismatch()));
        if (c.mismatchType() == null) {
            matched(s, ref, c.runId());
        } else {
            mismatched(s, ref, c);
        }
    }

    private static void mismatched(Step s, ChunkRef ref, Comparison c) {
        Mismatch open = s.chunk(ref).mismatch();
        if (open == null) {
            store(s, ref, new Mismatch(s.now, c.runId(), c.mismatchType(), c.evidence(), null));
            if (s.dataMoved()) {
                count(s, ref, c.mismatchType() + " mismatch after the FINAL sync");
            } else {
                s.awaitingConfirmation = append(s.awaitingConfirmation, ref);
            }
        } else if (open.countedAt() == null) {
            store(s, ref, new Mismatch(open.firstReportAt(), open.firstRunId(), c.mismatchType(),
                    join(open.evidence(), c.evidence()), null));
            if (!c.runId().equals(open.firstRunId())) {
                count(s, ref, "seen again by a later run (" + c.runId() + ") "
                        + Texts.duration(Duration.between(open.firstReportAt(), s.now))
                        + " after it was first reported: confirmed at once");
            }
        } else {
            // the same integrity error reported again: nothing new, except as an incident of the observation
            ObservationIncidentPolicy.mismatchReported(s, ref, c.mismatchType(), c.evidence());
        }
    }

    private static void matched(Step s, ChunkRef ref, String runId) {
        Mismatch open = s.chunk(ref).mismatch();
        if (open != null) {
            s.awaitingConfirmation = s.awaitingConfirmation.stream().filter(r -> !r.equals(ref)).toList();
            store(s, ref, null);
            if (open.countedAt() != null) {
                // looked up, not remembered: a late event may have re-opened the episode under another name
                s.firingKey(Rule.INTEGRITY_MISMATCH, label(ref))
                        .ifPresent(key -> s.resolve(key, label(ref) + " matches again (run " + runId + ")"));
            }
        }
        ObservationIncidentPolicy.chunkMatched(s, ref);
    }

    /** Time moved: mismatches that have stood confirmDelay without a matching report count now. */
    static void confirmDue(Step s) {
        Duration delay = s.plan.integrity().confirmDelay();
        for (ChunkRef ref : s.awaitingConfirmation) {
            Instant first = s.chunk(ref).mismatch().firstReportAt();
            if (!s.now.isBefore(first.plus(delay))) {
                count(s, ref, "stood " + Texts.duration(Duration.between(first, s.now))
                        + " without a matching report (confirmDelay " + Texts.duration(delay)
                        + ") before the FINAL sync");
            }
        }
    }

    /** The FINAL sync completed: every mismatch still open counts now. */
    static void finalSyncCompleted(Step s) {
        for (ChunkRef ref : s.awaitingConfirmation) {
            count(s, ref, s.chunk(ref).mismatch().type() + " mismatch still open when the FINAL sync completed");
        }
    }

    /** The mismatch becomes an integrity error now. */
    private static void count(Step s, ChunkRef ref, String why) {
        Mismatch m = s.chunk(ref).mismatch();
        String key = "integrity-mismatch|" + ref.table() + "|" + (ref.chunk().isEmpty() ? "*" : ref.chunk()) + "|"
                + m.firstReportAt();
        store(s, ref, new Mismatch(m.firstReportAt(), m.firstRunId(), m.type(), m.evidence(), s.now));
        s.awaitingConfirmation = s.awaitingConfirmation.stream().filter(r -> !r.equals(ref)).toList();
        Action action = s.phases.nothingLeftToStop() ? Action.NONE : Action.STOP;
        s.fire(Rule.INTEGRITY_MISMATCH, key, label(ref), action, "integrity error on " + label(ref) + ": " + why
                + (action == Action.STOP ? ": stop the migration" : "; nothing left to stop"), m.evidence());
        IntegrityErrorsPolicy.errorCounted(s, label(ref), m.evidence());
        ObservationIncidentPolicy.mismatchReported(s, ref, m.type(), m.evidence());
    }

    static String label(ChunkRef ref) {
        return Texts.chunk(ref.table(), ref.chunk());
    }

    private static void store(Step s, ChunkRef ref, Mismatch mismatch) {
        ChunkState c = s.chunk(ref);
        s.putChunk(ref, new ChunkState(c.lastMatched(), c.lastRunId(), c.lastComparedAt(), c.sourceRows(),
                c.targetRows(), c.pending(), mismatch));
    }

    /** Evidence of one error: the reports that showed it, first ones first, bounded. */
    private static List<String> join(List<String> earlier, List<String> later) {
        List<String> ids = new ArrayList<>(earlier);
        later.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids.size() <= 6 ? ids : List.copyOf(ids.subList(ids.size() - 6, ids.size()));
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
