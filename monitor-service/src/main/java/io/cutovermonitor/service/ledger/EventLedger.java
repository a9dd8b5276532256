package io.cutovermonitor.service.ledger;

import io.cutovermonitor.validators.event.TelemetryEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every applied telemetry event, once per (source, id): the durable, replayable history of each migration. */
@Repository
public class EventLedger {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public EventLedger(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
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

    /** Content hashes of the given events that are already in the ledger, by identity. */
    public Map<Identity, String> storedHashes(Collection<TelemetryEvent> events) {
        Map<Identity, String> stored = new HashMap<>();
        if (events.isEmpty()) {
            return stored;
        }
        List<String> ids = events.stream().map(TelemetryEvent::id).distinct().toList();
        jdbc.sql("SELECT source, event_id, content_hash FROM ledger_event WHERE event_id IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> Map.entry(new Identity(rs.getString(1), rs.getString(2)), rs.getString(3)))
                .list()
                .forEach(e -> stored.put(e.getKey(), e.getValue()));
        return stored;
    }

    /**
     * Stores the entries in one batch. An entry whose identity is already stored (another instance got there
     * first) is skipped by the unique constraint, so a re-delivery never makes a second row.
     *
     * @return per entry, whether it was stored now
     */
    public boolean[] append(List<Entry> entries) {
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
            ps.setTimestamp(5, Timestamp.from(event.time()));
            ps.setTimestamp(6, Timestamp.from(entry.receivedAt()));
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
