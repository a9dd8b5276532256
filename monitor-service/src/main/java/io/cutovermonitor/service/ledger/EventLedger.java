package io.cutovermonitor.service.ledger;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.EventType;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.TelemetryEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Every applied telemetry event, once per (source, id): the durable, replayable history of each migration. */
@Repository
public class EventLedger {

    private final JdbcTemplate jdbcTemplate;
    private final boolean postgres;
    private final EventParser parser;

    public EventLedger(JdbcTemplate jdbcTemplate, EventParser parser) {
        this.jdbcTemplate = jdbcTemplate;
        this.parser = parser;
        this.postgres = "PostgreSQL".equals(productName(jdbcTemplate));
    }

    private static String productName(JdbcTemplate jdbcTemplate) {
        try {
            return JdbcUtils.extractDatabaseMetaData(Objects.requireNonNull(jdbcTemplate.getDataSource()),
                    DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database holds the ledger", e);
        }
    }

    /** An event to store, with where it came from (null partition and offset for events not read from Kafka). */
    public record Entry(TelemetryEvent event, String body, Instant receivedAt, Integer partition, Long offset) {
    }

    /** The identity of a stored event, (source, id). */
    public record Identity(String source, String id) {
        public static Identity of(TelemetryEvent event) {
            return new Identity(event.source(), event.id());
        }
    }

    /** An event read back from the ledger, with when it arrived. */
    public record Stored(TelemetryEvent event, Instant receivedAt) {
    }

    /**
     * A migration's events stored after {@code after} (from its first if null) and before {@code before}, in the
     * order they were stored (the order they were applied in).
     */
    public List<Stored> eventsBetween(String migrationId, Identity after, Identity before) {
        String select = "SELECT body, received_at FROM ledger_event WHERE migration_id = ? AND seq < "
                + "(SELECT seq FROM ledger_event WHERE event_id = ? AND source = ?)";
        List<Object> args = new ArrayList<>(List.of(migrationId, before.id(), before.source()));
        if (after != null) {
            select += " AND seq > (SELECT seq FROM ledger_event WHERE event_id = ? AND source = ?)";
            args.add(after.id());
            args.add(after.source());
        }
        return jdbcTemplate.query(select + " ORDER BY seq", (rs, n) -> new Stored(readBack(migrationId,
                rs.getString(1)), rs.getObject(2, OffsetDateTime.class).toInstant()), args.toArray());
    }

    /** A migration's events in event-time order (equal times in the order they were stored). */
    public List<TelemetryEvent> eventsOf(String migrationId) {
        return jdbcTemplate.query("SELECT body FROM ledger_event WHERE migration_id = ? ORDER BY event_time, seq",
                (rs, n) -> readBack(migrationId, rs.getString(1)), migrationId);
    }

    /** The stored CloudEvents of a migration as they were received, in the order of {@link #eventsOf(String)}. */
    public void bodiesOf(String migrationId, Consumer<String> each) {
        jdbcTemplate.query("SELECT body FROM ledger_event WHERE migration_id = ? ORDER BY event_time, seq",
                (RowCallbackHandler) rs -> each.accept(rs.getString(1)), migrationId);
    }

    /** Every event of a migration in the order it was stored (the order it was applied in), with when it arrived. */
    public List<Stored> arrivalsOf(String migrationId) {
        return jdbcTemplate.query("SELECT body, received_at FROM ledger_event WHERE migration_id = ? ORDER BY seq",
                (rs, n) -> new Stored(readBack(migrationId, rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant()), migrationId);
    }

    /** A migration's events of one type, in event-time order. */
    public List<TelemetryEvent> eventsOf(String migrationId, EventType type) {
        return jdbcTemplate.query("SELECT body FROM ledger_event WHERE migration_id = ? AND event_type = ? "
                + "ORDER BY event_time, seq", (rs, n) -> readBack(migrationId, rs.getString(1)), migrationId,
                type.ceType());
    }

    /** Whether the ledger holds any event of the migration. */
    public boolean hasEvents(String migrationId) {
        Long count = jdbcTemplate.queryForObject("SELECT count(*) FROM ledger_event WHERE migration_id = ?",
                Long.class, migrationId);
        return count != null && count > 0;
    }

    private TelemetryEvent readBack(String migrationId, String body) {
        ParseResult read = parser.parseStructured(body.getBytes(StandardCharsets.UTF_8));
        if (!(read instanceof ParseResult.Accepted accepted)) {
            // only accepted events are stored: a body that no longer parses is a ledger written by another version
            throw new IllegalStateException("ledger event of " + migrationId + " cannot be read back: " + read);
        }
        return accepted.event();
    }

    /** Content hashes of the given events that are already in the ledger, by identity. */
    public Map<Identity, String> storedHashes(Collection<TelemetryEvent> events) {
        Map<Identity, String> stored = new HashMap<>();
        if (events.isEmpty()) {
            return stored;
        }
        String[] ids = events.stream().map(TelemetryEvent::id).distinct().toArray(String[]::new);
        // one array parameter, not an IN list as long as the batch: one statement text the database plans once
        jdbcTemplate.query(connection -> {
            PreparedStatement select = connection.prepareStatement(
                    "SELECT source, event_id, content_hash FROM ledger_event WHERE event_id = ANY (?)");
            select.setArray(1, connection.createArrayOf("VARCHAR", ids));
            return select;
        }, rs -> {
            stored.put(new Identity(rs.getString(1), rs.getString(2)), rs.getString(3));
        });
        return stored;
    }

    /**
     * Stores the entries. An entry whose identity is already stored (another instance got there first) is skipped
     * by the unique constraint, so a re-delivery never makes a second row.
     *
     * @return per entry, whether it was stored now
     */
    public boolean[] append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return new boolean[0];
        }
        return postgres ? appendAsArrays(entries) : appendAsBatch(entries);
    }

    /**
     * PostgreSQL: the whole run in one statement, its columns as arrays, and RETURNING names the rows it stored.
     * A batch of single-row inserts can't say which rows a concurrent instance had already stored once the driver
     * rewrites it into multi-row statements, and without the rewrite it costs a round trip per event.
     */
    private boolean[] appendAsArrays(List<Entry> entries) {
        int n = entries.size();
        String[] sources = new String[n];
        String[] ids = new String[n];
        String[] migrations = new String[n];
        String[] types = new String[n];
        String[] eventTimes = new String[n];
        String[] receivedTimes = new String[n];
        String[] hashes = new String[n];
        String[] bodies = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            Entry entry = entries.get(i);
            TelemetryEvent event = entry.event();
            sources[i] = event.source();
            ids[i] = event.id();
            migrations[i] = event.migrationId();
            types[i] = event.type().ceType();
            // to the microsecond PostgreSQL keeps, truncated: rounded, 9999-12-31T23:59:59.9999999Z would be year 10000
            eventTimes[i] = event.time().truncatedTo(ChronoUnit.MICROS).toString();
            receivedTimes[i] = entry.receivedAt().toString();
            hashes[i] = event.contentHash();
            bodies[i] = entry.body();
            partitions[i] = entry.partition();
            offsets[i] = entry.offset();
        }
        Set<Identity> inserted = new HashSet<>();
        jdbcTemplate.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO ledger_event (source, event_id, migration_id, event_type, event_time, received_at,
                                              content_hash, body, kafka_partition, kafka_offset)
                    SELECT s, i, m, t, et::timestamptz, rt::timestamptz, h, b, p, o
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::int4[], ?::int8[]) AS batch (s, i, m, t, et, rt, h, b, p, o)
                    ON CONFLICT DO NOTHING
                    RETURNING source, event_id
                    """);
            Object[][] columns = {sources, ids, migrations, types, eventTimes, receivedTimes, hashes, bodies};
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
            }
            insert.setArray(9, connection.createArrayOf("int4", partitions));
            insert.setArray(10, connection.createArrayOf("int8", offsets));
            return insert;
        }, rs -> {
            inserted.add(new Identity(rs.getString(1), rs.getString(2)));
        });
        boolean[] stored = new boolean[n];
        for (int i = 0; i < n; i++) {
            // a run holds an identity once: TelemetryIngest keeps only the first of a re-delivered pair
            stored[i] = inserted.contains(Identity.of(entries.get(i).event()));
        }
        return stored;
    }

    /** Any other database (the embedded file database): a JDBC batch, whose update counts say what was stored. */
    private boolean[] appendAsBatch(List<Entry> entries) {
        int[][] counts = jdbcTemplate.batchUpdate("""
                INSERT INTO ledger_event (source, event_id, migration_id, event_type, event_time, received_at,
                                          content_hash, body, kafka_partition, kafka_offset)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, entries, 500, (ps, entry) -> {
            TelemetryEvent event = entry.event();
            ps.setString(1, event.source());
            ps.setString(2, event.id());
            ps.setString(3, event.migrationId());
            ps.setString(4, event.type().ceType());
            // as an offset date-time: a java.sql.Timestamp goes through the Julian calendar before 1582 and would
            // store 0001-01-01 as 0000-12-30
            ps.setObject(5, event.time().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
            ps.setObject(6, entry.receivedAt().atOffset(ZoneOffset.UTC));
            ps.setString(7, event.contentHash());
            ps.setString(8, entry.body());
            ps.setObject(9, entry.partition());
            ps.setObject(10, entry.offset());
        });
        boolean[] stored = new boolean[entries.size()];
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                stored[i++] = count != 0;
            }
        }
        return stored;
    }
}
