package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
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

import static org.assertj.core.api.Assertions.assertThat;

/** A ledger written before chunks had rows of their own is moved to them by Flyway, and reads back as it was. */
class ChunksOutOfTheStateMigrationIT {

    private final PostgresSchema schema = new PostgresSchema("chunks_it");

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aStateWithItsChunksInsideIsSplitIntoChunkRowsAndReadsBackEqual() {
        // Given a ledger at version 6 whose migration state holds its chunks inside, as earlier versions wrote it
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(schema.url());
        dataSource.setUser(PostgresSchema.USER);
        Flyway.configure().dataSource(dataSource).schemas(schema.name()).target("6").load().migrate();
        MigrationState state = judged("legacy", List.of(
                chunk("e1", "orders", 1, 100, 100, 100),
                chunk("e2", "order_lines", 1, 100, 300, 299),
                chunk("e3", "orders", 101, 200, 100, 100)));
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

    private static MigrationState judged(String migrationId, List<String> events) {
        EventParser parser = new EventParser();
        MigrationState state = MigrationState.initial(migrationId);
        for (String event : events) {
            var accepted = (ParseResult.Accepted) parser.parseStructured(event.getBytes(StandardCharsets.UTF_8));
            state = RuleEngine.apply(state, MigrationPlan.defaults(), accepted.event(),
                    Instant.parse("2026-12-03T08:00:00Z")).state();
        }
        return state;
    }

    private static String chunk(String id, String table, int lower, int upper, long sourceRows, long targetRows) {
        return """
                {"specversion":"1.0","id":"%s","source":"/reconciler","type":"migration.reconciliation.v1",
                 "time":"2025-11-15T22:40:00Z","data":{"migrationId":"legacy","runId":"r-1","table":"%s",
                 "chunk":{"lower":%d,"upper":%d},"source":{"rowCount":%d},"target":{"rowCount":%d}}}"""
                .formatted(id, table, lower, upper, sourceRows, targetRows);
    }
}
