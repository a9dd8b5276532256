package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import io.cutovermonitor.validators.rules.RuleEngine;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule state in the ledger, on real PostgreSQL: a ledger written before chunks had rows of their own is moved to
 * them by Flyway and reads back as it was; a state given up in a rebalance is taken back without reading its chunks
 * only while the ledger still holds exactly that state.
 */
class MigrationBookIT {

    private final PostgresSchema schema = new PostgresSchema("chunks_it");

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aStateWithItsChunksInsideIsSplitIntoChunkRowsAndReadsBackEqual() {
        // Given a ledger at version 6 whose migration state holds its chunks inside, as earlier versions wrote it
        PGSimpleDataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).schemas(schema.name()).target("6").load().migrate();
        MigrationState state = judged("legacy", List.of(
                chunk("legacy", "e1", "orders", 1, 100, 100, 100),
                chunk("legacy", "e2", "order_lines", 1, 100, 300, 299),
                chunk("legacy", "e3", "orders", 101, 200, 100, 100)));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO migration_state (migration_id, kafka_partition, state, updated_at) "
                + "VALUES (?, 1, ?, now())", "legacy", MigrationStateJson.write(state));

        // When the service's Flyway migrates it
        Flyway.configure().dataSource(dataSource).schemas(schema.name())
                .javaMigrations(new ChunksOutOfTheStateMigration()).load().migrate();

        // Then every chunk has a row of its own, the state row no longer holds them, and the state reads back equal
        assertThat(jdbc.queryForObject("SELECT count(*) FROM migration_chunk WHERE migration_id = 'legacy'",
                Long.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT state FROM migration_state", String.class))
                .isEqualTo(MigrationStateJson.writeWithoutChunks(state));
        MigrationBook book = new MigrationBook(JdbcClient.create(jdbc), jdbc, Clock.systemUTC());
        MigrationState read = book.stateOf("legacy");
        assertThat(read).isEqualTo(state);
        assertThat(List.copyOf(read.tables().get("orders").chunks().keySet())).containsExactly("1..100", "101..200");
    }

    @Test
    void aStateWithItsThroughputBucketsInsideHasThemMovedToRowsAndReadsBackEqual() {
        // Given a ledger at version 8 whose migration state holds its throughput buckets inside
        PGSimpleDataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).schemas(schema.name())
                .javaMigrations(new ChunksOutOfTheStateMigration()).target("8").load().migrate();
        MigrationState state = judged("flowing", List.of(throughput("t1", "2025-11-15T22:10:00.000000001Z", 3200),
                throughput("t2", "2025-11-15T22:20:00Z", 2900), throughput("t3", "2025-11-15T22:20:00Z", 100),
                chunk("flowing", "e1", "orders", 1, 100, 100, 100)));
        assertThat(state.throughput().buckets()).hasSize(2);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO migration_state (migration_id, kafka_partition, state, updated_at) "
                + "VALUES (?, 1, ?, now())", "flowing", MigrationStateJson.writeWithoutChunks(state));
        jdbc.update(MigrationBook.ChunkRow.INSERT, ps -> MigrationBook.ChunkRow.of("flowing",
                new ChunkRef("orders", "1..100"), state).bindInsert(ps));

        // When the service's Flyway migrates it
        Flyway.configure().dataSource(dataSource).schemas(schema.name()).javaMigrations(
                new ChunksOutOfTheStateMigration(), new BucketsOutOfTheStateMigration()).load().migrate();

        // Then each bucket is a row, to the nanosecond, the state row no longer holds them, and the state reads back
        assertThat(jdbc.queryForList("SELECT end_second, end_nano, records FROM migration_bucket ORDER BY end_second")
                .stream().map(Map::values).map(List::copyOf).toList())
                .containsExactly(List.of(1763244600L, 1, 3200L), List.of(1763245200L, 0, 3000L));
        assertThat(jdbc.queryForObject("SELECT state FROM migration_state", String.class))
                .isEqualTo(MigrationStateJson.writeSummary(state));
        MigrationBook book = new MigrationBook(JdbcClient.create(jdbc), jdbc, Clock.systemUTC());
        assertThat(book.stateOf("flowing")).isEqualTo(state);
    }

    @Test
    void aStateGivenUpAndTakenBackUnchangedIsKeptAndOneAnotherInstanceChangedIsReadAgain() {
        // Given two instances on one ledger, the first owning partition 1 with a migration of three chunks
        JdbcTemplate jdbc = migratedLedger();
        MigrationBook first = new MigrationBook(JdbcClient.create(jdbc), jdbc, Clock.systemUTC());
        MigrationBook second = new MigrationBook(JdbcClient.create(jdbc), jdbc, Clock.systemUTC());
        MigrationState judged = judged("moving", List.of(chunk("moving", "e1", "orders", 1, 100, 100, 100),
                chunk("moving", "e2", "orders", 101, 200, 100, 100),
                chunk("moving", "e3", "order_lines", 1, 100, 300, 300)));
        commit(first, "moving", judged, List.of(new ChunkRef("orders", "1..100"), new ChunkRef("orders", "101..200"),
                new ChunkRef("order_lines", "1..100")));

        // When a rebalance takes partition 1 away and gives it straight back
        first.release(List.of(1));
        assertThat(first.owned()).isEmpty();
        first.own(List.of(1));

        // Then the state is the one it gave up, not read again
        assertThat(first.owned().get("moving").state()).isSameAs(judged);

        // When it is given up again, another instance applies one more chunk to it, and it comes back
        first.release(List.of(1));
        second.own(List.of(1));
        MigrationState later = RuleEngine.apply(second.stateOf("moving"), MigrationPlan.defaults(),
                parsed(chunk("moving", "e4", "orders", 201, 300, 100, 99)), Instant.parse("2026-12-03T08:01:00Z")).state();
        commit(second, "moving", later, List.of(new ChunkRef("orders", "201..300")));
        second.release(List.of(1));
        first.own(List.of(1));

        // Then the first reads the ledger's state, with the other instance's chunk, not the one it had
        assertThat(first.owned().get("moving").state()).isEqualTo(later).isNotEqualTo(judged);
    }

    private JdbcTemplate migratedLedger() {
        PGSimpleDataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).schemas(schema.name())
                .javaMigrations(new ChunksOutOfTheStateMigration()).load().migrate();
        return new JdbcTemplate(dataSource);
    }

    /** What a batch does for one migration on partition 1: save, then remember once committed (autocommit here). */
    private static void commit(MigrationBook book, String migrationId, MigrationState state, List<ChunkRef> added) {
        Map<String, MigrationBook.Entry> states = Map.of(migrationId, new MigrationBook.Entry(state, 1));
        book.save(states, Map.of(migrationId, new MigrationBook.ChunkChanges(added, List.of())), Map.of());
        book.remember(states);
    }

    private static TelemetryEvent parsed(String event) {
        return ((ParseResult.Accepted) new EventParser().parseStructured(event.getBytes(StandardCharsets.UTF_8))).event();
    }

    private static MigrationState judged(String migrationId, List<String> events) {
        MigrationState state = MigrationState.initial(migrationId);
        for (String event : events) {
            state = RuleEngine.apply(state, MigrationPlan.defaults(), parsed(event),
                    Instant.parse("2026-12-03T08:00:00Z")).state();
        }
        return state;
    }

    private static String throughput(String id, String intervalEnd, long records) {
        return """
                {"specversion":"1.0","id":"%s","source":"/dms","type":"migration.throughput.v1",
                 "time":"2025-11-15T22:40:00Z","data":{"migrationId":"flowing","component":"dms","records":%d,
                 "intervalStart":"2025-11-15T22:00:00Z","intervalEnd":"%s"}}""".formatted(id, records, intervalEnd);
    }

    private static String chunk(String migrationId, String id, String table, int lower, int upper, long sourceRows,
                                long targetRows) {
        return """
                {"specversion":"1.0","id":"%s","source":"/reconciler","type":"migration.reconciliation.v1",
                 "time":"2025-11-15T22:40:00Z","data":{"migrationId":"%s","runId":"r-1","table":"%s",
                 "chunk":{"lower":%d,"upper":%d},"source":{"rowCount":%d},"target":{"rowCount":%d}}}"""
                .formatted(id, migrationId, table, lower, upper, sourceRows, targetRows);
    }
}
