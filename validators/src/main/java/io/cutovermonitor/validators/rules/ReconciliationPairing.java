package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent.Side;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.PendingSide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pairs the two sides of a reconciliation run: an event with both sides is compared at once; a side reported
 * alone waits for its partner from the same runId (the chunk shows as pending, then unverified after the
 * pairTimeout; a late partner still pairs).
 */
final class ReconciliationPairing {

    /** Sides kept waiting per chunk: enough for overlapping runs, bounded for the footprint. */
    private static final int MAX_WAITING_SIDES = 8;

    private ReconciliationPairing() {
    }

    static Optional<Comparison> pair(Step s, ChunkRef ref, ReconciliationEvent e) {
        ChunkState chunk = s.chunk(ref);
        if (e.source() != null && e.target() != null) {
            return Optional.of(compare(e.runId(), e.source(), e.target(), s.thisEvent()));
        }
        if (e.source() == null && e.target() == null) {
            return Optional.empty();
        }
        boolean isSource = e.source() != null;
        Side side = isSource ? e.source() : e.target();
        List<PendingSide> waiting = new ArrayList<>(chunk.pending());
        Optional<PendingSide> partner = waiting.stream()
                .filter(p -> p.runId().equals(e.runId()) && p.source() != isSource).findFirst();
        if (partner.isPresent()) {
            waiting.remove(partner.get());
            store(s, ref, chunk, waiting);
            PendingSide other = partner.get();
            Side otherSide = new Side(other.rowCount(), other.checksum());
            List<String> evidence = List.of(other.eventId(), s.eventId);
            return Optional.of(isSource ? compare(e.runId(), side, otherSide, evidence)
                    : compare(e.runId(), otherSide, side, evidence));
        }
        // the same side of the same run again replaces the earlier report
        waiting.removeIf(p -> p.runId().equals(e.runId()) && p.source() == isSource);
        waiting.add(new PendingSide(e.runId(), isSource, side.rowCount(), side.checksum(), s.eventId, s.now));
        while (waiting.size() > MAX_WAITING_SIDES) {
            waiting.remove(0);
        }
        store(s, ref, chunk, waiting);
        return Optional.empty();
    }

    private static void store(Step s, ChunkRef ref, ChunkState chunk, List<PendingSide> waiting) {
        s.putChunk(ref, new ChunkState(chunk.lastMatched(), chunk.lastRunId(), chunk.lastComparedAt(),
                chunk.sourceRows(), chunk.targetRows(), waiting, chunk.mismatch()));
    }

    private static Comparison compare(String runId, Side source, Side target, List<String> evidence) {
        return new Comparison(runId, source.rowCount(), source.checksum(), target.rowCount(), target.checksum(),
                evidence);
    }
}
