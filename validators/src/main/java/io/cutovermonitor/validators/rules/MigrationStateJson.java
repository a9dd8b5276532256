package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.TableIntegrity;
import io.cutovermonitor.validators.rules.MigrationState.Throughput;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link MigrationState}, JSON: what the service keeps in its ledger and restores after a restart. A
 * migration's chunks are kept one by one ({@link #writeChunk}) beside the rest of its state
 * ({@link #writeSummary}), so that what is written after an event is what the event changed, not the whole
 * migration: the rest is small, its chunks may be 500,000.
 */
public final class MigrationStateJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHORT_FORM = "c1|";

    private MigrationStateJson() {
    }

    /** The whole state, chunks included. */
    public static String write(MigrationState state) {
        return JSON.writeValueAsString(state);
    }

    public static MigrationState read(String json) {
        return JSON.readValue(json, MigrationState.class);
    }

    /**
     * The rest of the state, which a batch writes whole: every table's chunks left out (the tables themselves kept,
     * in their order) and the throughput buckets left out (the hour's sum and the peaks kept), both kept as rows.
     */
    public static String writeSummary(MigrationState state) {
        return write(withoutRows(state, true));
    }

    /**
     * The state with every table's chunks left out (the tables themselves are kept, in their order): the form
     * Flyway's V7 moved chunks out to, before buckets had rows of their own.
     */
    public static String writeWithoutChunks(MigrationState state) {
        return write(withoutRows(state, false));
    }

    private static MigrationState withoutRows(MigrationState state, boolean withoutBuckets) {
        Map<String, TableIntegrity> tables = new LinkedHashMap<>();
        state.tables().keySet().forEach(table -> tables.put(table, TableIntegrity.EMPTY));
        Throughput t = state.throughput();
        return new MigrationState(state.migrationId(), state.clock(), state.phases(), tables,
                state.awaitingConfirmation(), state.integrityWindow(), withoutBuckets
                ? new Throughput(List.of(), t.belowSince(), t.peaks(), t.windowEnd(), t.windowRecords()) : t,
                state.syncs(), state.checks(), state.jobs(), state.firing(), state.deadlines(), state.projectedFinish(),
                state.reconciling());
    }

    /**
     * One chunk's state, as {@link #restore} takes it back. A chunk that was simply compared (nothing pending,
     * no mismatch open: nearly all of them) is written in a short positional form,
     * {@code c1|<T or F>|<compared at>|<source rows>|<target rows>|<run id>} (an empty field is null; the run id,
     * which may hold any character, is last), because reading 500,000 of them back as JSON is most of what a restart
     * costs. Any other chunk is JSON, which starts with a brace and so cannot be taken for the short form.
     */
    public static String writeChunk(ChunkState chunk) {
        if (!chunk.pending().isEmpty() || chunk.mismatch() != null || chunk.lastMatched() == null
                || chunk.lastRunId() == null || chunk.lastComparedAt() == null) {
            return JSON.writeValueAsString(chunk);
        }
        return SHORT_FORM + (chunk.lastMatched() ? 'T' : 'F') + '|' + chunk.lastComparedAt() + '|'
                + orEmpty(chunk.sourceRows()) + '|' + orEmpty(chunk.targetRows()) + '|' + chunk.lastRunId();
    }

    /** A chunk's state as {@link #writeChunk} wrote it (or as JSON, as every chunk was written before). */
    public static ChunkState readChunk(String stored) {
        if (!stored.startsWith(SHORT_FORM)) {
            return JSON.readValue(stored, ChunkState.class);
        }
        int matched = SHORT_FORM.length();
        int comparedAt = stored.indexOf('|', matched) + 1;
        int sourceRows = stored.indexOf('|', comparedAt) + 1;
        int targetRows = stored.indexOf('|', sourceRows) + 1;
        int runId = stored.indexOf('|', targetRows) + 1;
        if (comparedAt == 0 || sourceRows == 0 || targetRows == 0 || runId == 0) {
            throw new IllegalArgumentException("not a chunk state: " + stored);
        }
        return new ChunkState(stored.charAt(matched) == 'T', stored.substring(runId),
                Instant.parse(stored.substring(comparedAt, sourceRows - 1)),
                longOrNull(stored.substring(sourceRows, targetRows - 1)),
                longOrNull(stored.substring(targetRows, runId - 1)), List.of(), null);
    }

    private static String orEmpty(Long value) {
        return value == null ? "" : value.toString();
    }

    private static Long longOrNull(String text) {
        return text.isEmpty() ? null : Long.valueOf(text);
    }

    /**
     * A state read with {@link #read} (a summary, or written whole by an earlier version) together with its chunks,
     * in the order they were first reported (a chunk given here replaces the same chunk in the state), and its
     * throughput buckets in end order (buckets given here replace any the summary held).
     */
    public static MigrationState restore(MigrationState state, Map<ChunkRef, String> chunks, List<Bucket> buckets) {
        if (!buckets.isEmpty()) {
            Throughput t = state.throughput();
            state = new MigrationState(state.migrationId(), state.clock(), state.phases(), state.tables(),
                    state.awaitingConfirmation(), state.integrityWindow(),
                    new Throughput(buckets, t.belowSince(), t.peaks(), t.windowEnd(), t.windowRecords()), state.syncs(),
                    state.checks(), state.jobs(), state.firing(), state.deadlines(), state.projectedFinish(),
                    state.reconciling());
        }
        if (chunks.isEmpty()) {
            return state;
        }
        Map<String, Map<String, ChunkState>> byTable = new LinkedHashMap<>();
        state.tables().forEach((table, integrity) -> byTable.put(table, new LinkedHashMap<>(integrity.chunks())));
        chunks.forEach((ref, stored) -> byTable.computeIfAbsent(ref.table(), t -> new LinkedHashMap<>())
                .put(ref.chunk(), readChunk(stored)));
        Map<String, TableIntegrity> tables = new LinkedHashMap<>();
        byTable.forEach((table, tableChunks) -> tables.put(table, TableIntegrity.of(tableChunks)));
        return new MigrationState(state.migrationId(), state.clock(), state.phases(), tables,
                state.awaitingConfirmation(), state.integrityWindow(), state.throughput(), state.syncs(),
                state.checks(), state.jobs(), state.firing(), state.deadlines(), state.projectedFinish(),
                state.reconciling());
    }
}
