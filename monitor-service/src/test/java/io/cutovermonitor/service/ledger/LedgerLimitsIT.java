package io.cutovermonitor.service.ledger;

import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.Limits;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.Outcome;
import io.cutovermonitor.validators.rules.RuleEngine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC section 10, "whatever the parser accepts the ledger stores": events generated at every limit of the parser
 * (the longest ids, sources, names and chunk bounds in one-, three- and four-byte characters, quotes and
 * backslashes, the first and last instants of the calendar, the largest count) are accepted, stored, judged and
 * their verdicts and state stored, on PostgreSQL and on the embedded H2 alike, and read back as they were.
 */
class LedgerLimitsIT {

    private static final PostgresSchema SCHEMA = new PostgresSchema("ledger_limits_it");
    private static final EventParser PARSER = new EventParser();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Ledger POSTGRES = Ledger.on(postgres(), SCHEMA.name());
    private static final Ledger H2 = Ledger.on(h2(), null);

    @AfterContainer
    static void dropSchema() {
        SCHEMA.drop();
    }

    @Property(tries = 100)
    void postgresStoresAndJudgesWhateverTheParserAccepts(@ForAll("atTheLimits") String record) {
        storedAndJudged(POSTGRES, record);
    }

    @Property(tries = 100)
    void theEmbeddedDatabaseStoresAndJudgesWhateverTheParserAccepts(@ForAll("atTheLimits") String record) {
        storedAndJudged(H2, record);
    }

    private static void storedAndJudged(Ledger ledger, String record) {
        // Given an event at the limits, which the parser accepts
        ParseResult result = PARSER.parseStructured(record.getBytes(StandardCharsets.UTF_8));
        assertThat(result).as(record).isInstanceOf(ParseResult.Accepted.class);
        ParseResult.Accepted accepted = (ParseResult.Accepted) result;
        TelemetryEvent event = accepted.event();
        Instant arrived = Instant.parse("2026-12-03T08:00:00Z");

        // When it is stored, judged, and its verdicts and the migration's state stored, in one transaction
        Outcome outcome = RuleEngine.apply(MigrationState.initial(event.migrationId()), MigrationPlan.defaults(), event,
                arrived);
        boolean[] fresh = ledger.transactions.execute(status -> {
            assertThat(ledger.events.append(List.of(new EventLedger.Entry(event, accepted.structuredJson(), arrived,
                    0, 1L)))).containsExactly(true);
            ledger.book.save(Map.of(event.migrationId(), new MigrationBook.Entry(outcome.state(), 0)),
                    Map.of(event.migrationId(), new MigrationBook.ChunkChanges(outcome.changedChunks(), List.of())),
                    Map.of(event.migrationId(), new MigrationBook.BucketChanges(outcome.state().throughput().buckets(),
                            List.of(), false, null)));
            return ledger.alerts.record(outcome.transitions(),
                    Collections.nCopies(outcome.transitions().size(), PlanRegistry.Governing.DEFAULT));
        });

        // Then the ledger holds it as it was: the same body, which parses to the same event, at its own time
        Map<String, Object> row = ledger.jdbc.queryForMap("SELECT migration_id, body FROM ledger_event "
                + "WHERE event_id = ? AND source = ?", event.id(), event.source());
        OffsetDateTime eventTime = ledger.jdbc.queryForObject("SELECT event_time FROM ledger_event "
                + "WHERE event_id = ? AND source = ?", OffsetDateTime.class, event.id(), event.source());
        assertThat(row.get("migration_id")).isEqualTo(event.migrationId());
        assertThat(row.get("body")).isEqualTo(accepted.structuredJson());
        assertThat(((ParseResult.Accepted) PARSER.parseStructured(((String) row.get("body"))
                .getBytes(StandardCharsets.UTF_8))).event()).isEqualTo(event);
        assertThat(eventTime.toInstant()).isEqualTo(event.time().truncatedTo(ChronoUnit.MICROS));
        // And every verdict is stored once, and the state reads back equal
        assertThat(fresh).hasSize(outcome.transitions().size()).doesNotContain(false);
        assertThat(ledger.jdbc.queryForObject("SELECT count(*) FROM alert WHERE migration_id = ?", Long.class,
                event.migrationId())).isEqualTo(outcome.transitions().size());
        assertThat(ledger.book.stateOf(event.migrationId())).isEqualTo(outcome.state());
    }

    /** One event per record, its identifiers and values at or next to the parser's limits. */
    @Provide
    Arbitrary<String> atTheLimits() {
        // each migration id and event id unique, so that every try starts a migration of its own
        Arbitrary<String> migrationId = text(Limits.MAX_MIGRATION_ID, "-_.:@+ '\"()#?&=")
                .map(id -> unique(id, Limits.MAX_MIGRATION_ID, Integer.MAX_VALUE));
        Arbitrary<String> name = text(Limits.MAX_NAME, "-_.:/ '\"\\;%");
        Arbitrary<String> envelope = text(Limits.MAX_ENVELOPE_TEXT, "-_/:.'\"\\")
                .map(t -> unique(t, Limits.MAX_ENVELOPE_TEXT, Limits.MAX_ENVELOPE_BYTES));
        Arbitrary<Instant> time = Arbitraries.oneOf(Arbitraries.of(Limits.EARLIEST_TIME, Limits.LATEST_TIME,
                        Instant.parse("1582-10-10T12:00:00Z"), Instant.parse("1969-12-31T23:59:59.999999Z")),
                Arbitraries.longs().between(Limits.EARLIEST_TIME.getEpochSecond(), Limits.LATEST_TIME.getEpochSecond())
                        .map(Instant::ofEpochSecond));
        Arbitrary<Long> count = Arbitraries.oneOf(Arbitraries.of(0L, Limits.MAX_COUNT),
                Arbitraries.longs().between(0, Limits.MAX_COUNT));
        Arbitrary<ObjectNode> data = Combinators.combine(migrationId, name, name, name, count, count,
                Arbitraries.integers().between(0, 3)).as((mid, first, second, third, a, b, kind) -> {
                    ObjectNode d = JSON.createObjectNode();
                    d.put("migrationId", mid);
                    switch (kind) {
                        case 0 -> {
                            d.put("runId", first).put("table", second).put("algorithm", third);
                            d.putObject("chunk").put("lower", second).put("upper", third);
                            d.putObject("source").put("rowCount", a).put("checksum", first);
                            d.putObject("target").put("rowCount", b).put("checksum", third);
                        }
                        case 1 -> d.put("check", first).put("kind", "CONNECTIVITY").put("passed", false)
                                .put("detail", (second + "\n").repeat(8));
                        case 2 -> d.put("job", first).put("runId", second).put("state", "FAILED").put("records", a);
                        default -> d.put("component", first).put("records", a)
                                .put("intervalStart", "2025-11-15T22:00:00Z")
                                .put("intervalEnd", "2025-11-15T22:05:00Z");
                    }
                    return d;
                });
        return Combinators.combine(envelope, envelope, time, data).as((id, source, at, d) -> {
            ObjectNode event = JSON.createObjectNode();
            event.put("specversion", "1.0").put("id", id).put("source", source);
            event.put("type", d.has("table") ? "migration.reconciliation.v1" : d.has("check") ? "migration.check.v1"
                    : d.has("job") ? "migration.job.v1" : "migration.throughput.v1");
            event.put("time", at.toString());
            event.set("data", d);
            return JSON.writeValueAsString(event);
        });
    }

    /**
     * Text of 1 to {@code max} characters, often exactly {@code max}: letters, the given punctuation, and characters
     * of two, three and four bytes in UTF-8 (a four-byte one is two Java characters).
     */
    private static Arbitrary<String> text(int max, String punctuation) {
        Arbitrary<String> unit = Arbitraries.oneOf(Arbitraries.strings().alpha().ofLength(1),
                Arbitraries.of(punctuation.chars().mapToObj(c -> String.valueOf((char) c)).toList()),
                Arbitraries.of("é", "移", "東", "🚚", "𝄞"));
        // at most max/2 units of up to two characters each, or exactly max one-character units
        return Arbitraries.oneOf(unit.list().ofMinSize(1).ofMaxSize(max / 2),
                        unit.list().ofSize(max).map(units -> units.stream().map(u -> u.length() == 2 ? "x" : u).toList()))
                .map(units -> String.join("", units))
                .filter(t -> !t.isBlank());
    }

    /** {@code text} after a unique prefix, cut to at most {@code maxChars} characters and {@code maxBytes} in UTF-8. */
    private static String unique(String text, int maxChars, int maxBytes) {
        String t = UUID.randomUUID().toString().substring(0, 8) + text;
        while (t.length() > maxChars || t.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            t = t.substring(0, t.length() - (Character.isLowSurrogate(t.charAt(t.length() - 1)) ? 2 : 1));
        }
        return t;
    }

    private static DataSource postgres() {
        return SCHEMA.dataSource();
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** The ledger's three writers on one database, as the service wires them. */
    private record Ledger(JdbcTemplate jdbc, TransactionTemplate transactions, EventLedger events, MigrationBook book,
                          AlertOutbox alerts) {

        static Ledger on(DataSource dataSource, String schema) {
            var flyway = Flyway.configure().dataSource(dataSource);
            if (schema != null) {
                flyway.schemas(schema);
            }
            flyway.load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            return new Ledger(jdbc, transactions, new EventLedger(jdbc, new EventParser()),
                    new MigrationBook(JdbcClient.create(jdbc), jdbc, Clock.systemUTC()),
                    new AlertOutbox(jdbc, JdbcClient.create(jdbc), transactions,
                            JsonMapper.builder().build()));
        }
    }
}
