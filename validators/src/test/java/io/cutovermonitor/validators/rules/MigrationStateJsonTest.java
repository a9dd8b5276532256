package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationState.ChunkState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The state survives a restart: serialised mid-stream and restored, the engine goes on as if uninterrupted. */
class MigrationStateJsonTest {

    static java.util.stream.Stream<Path> scenarios() throws Exception {
        return ContractReplayTest.scenarios();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void a_state_restored_from_json_after_every_event_gives_the_same_alerts(Path file) {
        // Given a contract stream
        String mid = "hs-json";
        List<TelemetryEvent> events = ContractScenario.read(file, mid).events();
        List<AlertTransition> uninterrupted = ContractScenario.replay(mid, events);

        // When the state is written to JSON and read back after every event
        MigrationState state = MigrationState.initial(mid);
        List<AlertTransition> restarted = new ArrayList<>();
        for (TelemetryEvent event : events) {
            Outcome outcome = RuleEngine.apply(state, MigrationPlan.defaults(), event, ContractScenario.farLater(event));
            restarted.addAll(outcome.transitions());
            String json = MigrationStateJson.write(outcome.state());
            state = MigrationStateJson.read(json);
            assertThat(state).isEqualTo(outcome.state());
        }

        // Then the alerts are those of the uninterrupted run
        assertThat(restarted).isEqualTo(uninterrupted);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void a_state_kept_as_its_changed_chunks_and_buckets_beside_the_rest_restores_exactly(Path file) {
        // Given a contract stream
        String mid = "hs-chunks";
        List<TelemetryEvent> events = ContractScenario.read(file, mid).events();
        List<AlertTransition> uninterrupted = ContractScenario.replay(mid, events);

        // When after every event only the rest of the state and the chunks and buckets it changed are written (the
        // buckets before the first one kept deleted), and it is read back
        Map<ChunkRef, String> storedChunks = new LinkedHashMap<>();
        TreeMap<Instant, Bucket> storedBuckets = new TreeMap<>();
        MigrationState state = MigrationState.initial(mid);
        List<AlertTransition> restarted = new ArrayList<>();
        for (TelemetryEvent event : events) {
            Outcome outcome = RuleEngine.apply(state, MigrationPlan.defaults(), event, ContractScenario.farLater(event));
            restarted.addAll(outcome.transitions());
            for (ChunkRef ref : outcome.changedChunks()) {
                storedChunks.put(ref, MigrationStateJson.writeChunk(
                        outcome.state().tables().get(ref.table()).chunks().get(ref.chunk())));
            }
            MigrationState.Throughput throughput = outcome.state().throughput();
            for (Instant end : outcome.changedBuckets()) {
                throughput.bucketEnding(end).ifPresent(bucket -> storedBuckets.put(end, bucket));
            }
            if (throughput.buckets().isEmpty()) {
                storedBuckets.clear();
            } else {
                storedBuckets.headMap(throughput.buckets().get(0).end()).clear();
            }
            state = MigrationStateJson.restore(MigrationStateJson.read(MigrationStateJson.writeSummary(outcome.state())),
                    storedChunks, List.copyOf(storedBuckets.values()));

            // Then each restored state is the state the engine gave, its chunks in the order first reported
            assertThat(state).isEqualTo(outcome.state());
            for (var table : outcome.state().tables().entrySet()) {
                assertThat(List.copyOf(state.tables().get(table.getKey()).chunks().keySet()))
                        .isEqualTo(List.copyOf(table.getValue().chunks().keySet()));
            }
        }

        // And the alerts are those of the uninterrupted run
        assertThat(restarted).isEqualTo(uninterrupted);
    }

    @Test
    void a_compared_chunk_is_kept_in_the_short_form_and_read_back_exactly_whatever_its_run_id_holds() {
        Instant at = Instant.parse("2025-11-15T22:00:01.123456789Z");
        List<ChunkState> chunks = List.of(
                new ChunkState(true, "night", at, 10_000L, 10_000L, List.of(), null),
                new ChunkState(false, "run|with|bars and ünïcödé 😀", at, null, 7L, List.of(), null),
                new ChunkState(true, "", at, Long.MAX_VALUE, null, List.of(), null));
        for (ChunkState chunk : chunks) {
            String stored = MigrationStateJson.writeChunk(chunk);
            assertThat(stored).startsWith("c1|");
            assertThat(MigrationStateJson.readChunk(stored)).isEqualTo(chunk);
        }
    }

    @Test
    void a_chunk_with_something_open_and_a_chunk_stored_by_an_earlier_version_are_json() {
        Instant at = Instant.parse("2025-11-15T22:00:01Z");
        ChunkState pending = new ChunkState(null, null, null, null, null,
                List.of(new MigrationState.PendingSide("r1", true, 10, "ab", "e-1", at)), null);
        assertThat(MigrationStateJson.writeChunk(pending)).startsWith("{");
        assertThat(MigrationStateJson.readChunk(MigrationStateJson.writeChunk(pending))).isEqualTo(pending);
        String earlier = "{\"lastMatched\":true,\"lastRunId\":\"night\",\"lastComparedAt\":\"2025-11-15T22:00:01Z\","
                + "\"sourceRows\":10,\"targetRows\":10,\"pending\":[],\"mismatch\":null}";
        assertThat(MigrationStateJson.readChunk(earlier))
                .isEqualTo(new ChunkState(true, "night", at, 10L, 10L, List.of(), null));
        // an open mismatch as versions before the episode names of re-opened episodes stored it, with its episode key
        String withEpisodeKey = "{\"lastMatched\":false,\"lastRunId\":\"night\",\"lastComparedAt\":\"" + at
                + "\",\"sourceRows\":10,\"targetRows\":9,\"pending\":[],\"mismatch\":{\"firstReportAt\":\"" + at
                + "\",\"firstRunId\":\"night\",\"type\":\"COUNT\",\"evidence\":[\"e-1\"],\"countedAt\":\"" + at
                + "\",\"episodeKey\":\"integrity-mismatch|orders|1|" + at + "\"}}";
        assertThat(MigrationStateJson.readChunk(withEpisodeKey).mismatch())
                .isEqualTo(new MigrationState.Mismatch(at, "night", "COUNT", List.of("e-1"), at));
    }
}
