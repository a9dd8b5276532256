package io.cutovermonitor.service.ledger;

import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.TelemetryEvent;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's two write paths, on the databases that take them: PostgreSQL (one array statement) and the embedded
 * H2 file database (a JDBC batch). Both must say exactly which events they stored, because an event another
 * instance stored first must not run through the rules a second time.
 */
class EventLedgerIT {

    private static final PostgresSchema SCHEMA = new PostgresSchema("ledger_it");
    private static final EventParser PARSER = new EventParser();

    static Stream<JdbcTemplate> ledgerDatabases() {
        PGSimpleDataSource postgres = SCHEMA.dataSource();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return Stream.of(migrated(postgres, SCHEMA.name()), migrated(h2, null));
    }

    private static JdbcTemplate migrated(DataSource dataSource, String schema) {
        var flyway = Flyway.configure().dataSource(dataSource);
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @ParameterizedTest
    @MethodSource("ledgerDatabases")
    void storesEachEventOnceAndSaysWhichItStored(JdbcTemplate database) {
        EventLedger ledger = new EventLedger(database, new EventParser());
        Instant now = Instant.parse("2025-11-15T22:00:05Z");

        // Given two events already in the ledger, one of them stored by another instance a moment ago
        assertThat(ledger.append(List.of(entry("e-1", now, 0, 10L), entry("e-2", now, 0, 11L))))
                .containsExactly(true, true);

        // When a run that repeats e-2 between two new events is appended
        boolean[] stored = ledger.append(List.of(entry("e-3", now, 1, 12L), entry("e-2", now, 0, 11L),
                entry("e-4", null, null, null)));

        // Then only the new ones are reported stored, each row is there once, as it was given
        assertThat(stored).containsExactly(true, false, true);
        assertThat(database.queryForObject("SELECT count(*) FROM ledger_event", Long.class)).isEqualTo(4);
        assertThat(database.queryForList("SELECT event_id FROM ledger_event WHERE kafka_partition IS NULL "
                + "AND kafka_offset IS NULL", String.class)).containsExactly("e-4");
        assertThat(database.queryForObject("SELECT event_time FROM ledger_event WHERE event_id = 'e-3'",
                java.sql.Timestamp.class).toInstant()).isEqualTo(Instant.parse("2025-11-15T22:00:00Z"));
        assertThat(database.queryForObject("SELECT body FROM ledger_event WHERE event_id = 'e-3'", String.class))
                .contains("\"id\":\"e-3\"").contains("\\\"quoted\\\"");
        assertThat(ledger.storedHashes(List.of(event("e-1"), event("e-9"))))
                .containsOnlyKeys(new EventLedger.Identity("/oms/checks", "e-1"));
    }

    private static EventLedger.Entry entry(String id, Instant receivedAt, Integer partition, Long offset) {
        ParseResult.Accepted accepted = accepted(id);
        return new EventLedger.Entry(accepted.event(), accepted.structuredJson(),
                receivedAt == null ? Instant.parse("2025-11-15T22:00:06Z") : receivedAt, partition, offset);
    }

    private static TelemetryEvent event(String id) {
        return accepted(id).event();
    }

    private static ParseResult.Accepted accepted(String id) {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/oms/checks","type":"migration.check.v1",\
                "time":"2025-11-15T22:00:00Z","data":{"migrationId":"oms","check":"erp-api","kind":"CONNECTIVITY",\
                "passed":false,"detail":"503 from \\"quoted\\" endpoint, {braces} and a backslash \\\\"}}"""
                .formatted(id);
        return (ParseResult.Accepted) PARSER.parseStructured(json.getBytes(StandardCharsets.UTF_8));
    }
}
