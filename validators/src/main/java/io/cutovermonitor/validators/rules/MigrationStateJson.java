package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import io.cutovermonitor.validators.rules.MigrationState.TableIntegrity;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a {@link MigrationState}: what the service keeps in its ledger and restores after a restart. A
 * migration's chunks are kept one by one ({@link #writeChunk}) beside the rest of its state
 * ({@link #writeWithoutChunks}), so that what is written after an event is what the event changed, not the whole
 * migration: the rest is small, its chunks may be 500,000.
 */
public final class MigrationStateJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MigrationStateJson() {
    }

    /** The whole state, chunks included. */
    public static String write(MigrationState state) {
        return JSON.writeValueAsString(state);
    }

    public static MigrationState read(String json) {
        return JSON.readValue(json, MigrationState.class);
    }

    /** The state with every table's chunks left out (the tables themselves are kept, in their order). */
    public static String writeWithoutChunks(MigrationState state) {
        Map<String, TableIntegrity> tables = new LinkedHashMap<>();
        state.tables().keySet().forEach(table -> tables.put(table, new TableIntegrity(Map.of())));
        return write(new MigrationState(state.migrationId(), state.clock(), state.phases(), tables,
                state.awaitingConfirmation(), state.integrityWindow(), state.throughput(), state.syncs(),
                state.checks(), state.jobs(), state.firing(), state.deadlines(), state.projectedFinish()));
    }

    /** One chunk's state, as {@link #withChunks} takes it back. */
    public static String writeChunk(ChunkState chunk) {
        return JSON.writeValueAsString(chunk);
    }

    /**
     * A state read with {@link #read} (written without its chunks, or whole by an earlier version) together with its
     * chunks, in the order they were first reported; a chunk given here replaces the same chunk in the state.
     */
    public static MigrationState withChunks(MigrationState state, Map<ChunkRef, String> chunks) {
        if (chunks.isEmpty()) {
            return state;
        }
        Map<String, Map<String, ChunkState>> byTable = new LinkedHashMap<>();
        state.tables().forEach((table, integrity) -> byTable.put(table, new LinkedHashMap<>(integrity.chunks())));
        chunks.forEach((ref, json) -> byTable.computeIfAbsent(ref.table(), t -> new LinkedHashMap<>())
                .put(ref.chunk(), JSON.readValue(json, ChunkState.class)));
        Map<String, TableIntegrity> tables = new LinkedHashMap<>();
        byTable.forEach((table, tableChunks) -> tables.put(table, new TableIntegrity(tableChunks)));
        return new MigrationState(state.migrationId(), state.clock(), state.phases(), tables,
                state.awaitingConfirmation(), state.integrityWindow(), state.throughput(), state.syncs(),
                state.checks(), state.jobs(), state.firing(), state.deadlines(), state.projectedFinish());
    }
}
