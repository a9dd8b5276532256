package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rule state of the migrations this instance owns (those whose partitions it is assigned). The ledger is the
 * truth: a state is cached only after the transaction that wrote it committed, and is read back from its snapshot
 * after a restart or a reassignment, never assumed from memory.
 */
@Component
public class MigrationBook {

    /** A migration's state and the partition its events arrive on. */
    public record Entry(MigrationState state, Integer partition) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Clock clock;
    private final Map<String, Entry> owned = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public MigrationBook(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.clock = clock;
    }

    /** The lock that orders the consumer and the wall-clock tick on one migration. */
    public ReentrantLock lockFor(String migrationId) {
        return locks.computeIfAbsent(migrationId, id -> new ReentrantLock());
    }

    /** The committed state of a migration: cached, else its snapshot in the ledger, else a new migration. */
    public MigrationState stateOf(String migrationId) {
        Entry entry = owned.get(migrationId);
        if (entry != null) {
            return entry.state();
        }
        return jdbc.sql("SELECT state FROM migration_state WHERE migration_id = ?").param(migrationId)
                .query(String.class).optional()
                .map(MigrationStateJson::read)
                .orElseGet(() -> MigrationState.initial(migrationId));
    }

    /** Writes states in the caller's transaction, in one batch; {@link #remember} them once it committed. */
    public void save(Map<String, Entry> states) {
        if (states.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Map.Entry<String, Entry>> rows = List.copyOf(states.entrySet());
        List<String> json = rows.stream().map(row -> MigrationStateJson.write(row.getValue().state())).toList();
        int[][] updated = jdbcTemplate.batchUpdate(
                "UPDATE migration_state SET state = ?, kafka_partition = ?, updated_at = ? WHERE migration_id = ?",
                indexes(rows.size()), rows.size(), (ps, i) -> {
                    ps.setString(1, json.get(i));
                    ps.setObject(2, rows.get(i).getValue().partition());
                    ps.setTimestamp(3, now);
                    ps.setString(4, rows.get(i).getKey());
                });
        List<Integer> missing = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[0][i] == 0) {
                missing.add(i);
            }
        }
        jdbcTemplate.batchUpdate(
                "INSERT INTO migration_state (migration_id, kafka_partition, state, updated_at) VALUES (?, ?, ?, ?)",
                missing, missing.size(), (ps, i) -> {
                    ps.setString(1, rows.get(i).getKey());
                    ps.setObject(2, rows.get(i).getValue().partition());
                    ps.setString(3, json.get(i));
                    ps.setTimestamp(4, now);
                });
    }

    private static List<Integer> indexes(int size) {
        return java.util.stream.IntStream.range(0, size).boxed().toList();
    }

    public void remember(Map<String, Entry> committed) {
        committed.forEach((id, entry) -> owned.merge(id, entry,
                (old, fresh) -> new Entry(fresh.state(), fresh.partition() != null ? fresh.partition() : old.partition())));
    }

    public Integer partitionOf(String migrationId) {
        Entry entry = owned.get(migrationId);
        return entry == null ? null : entry.partition();
    }

    /**
     * The partition of the telemetry topic a migration's events arrive on, as the ledger recorded it with its state
     * (null for a migration not seen yet), whichever instance owns it.
     */
    public Integer telemetryPartitionOf(String migrationId) {
        Integer cached = partitionOf(migrationId);
        if (cached != null) {
            return cached;
        }
        return jdbc.sql("SELECT kafka_partition FROM migration_state WHERE migration_id = ?").param(migrationId)
                .query((rs, n) -> (Integer) rs.getObject(1)).list().stream().filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** Loads the snapshots of the migrations on newly assigned partitions, so their wall-clock rules run. */
    public void own(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT migration_id, kafka_partition, state FROM migration_state WHERE kafka_partition IN (:p)")
                .param("p", List.copyOf(partitions))
                .query((rs, n) -> new Entry(MigrationStateJson.read(rs.getString(3)), rs.getInt(2)))
                .list()
                .forEach(entry -> owned.put(entry.state().migrationId(), entry));
    }

    /** Forgets the migrations of revoked partitions: another instance owns them now. */
    public void release(Collection<Integer> partitions) {
        Set<Integer> revoked = Set.copyOf(partitions);
        owned.values().removeIf(entry -> entry.partition() != null && revoked.contains(entry.partition()));
    }

    /** The migrations this instance owns, with their committed states. */
    public Map<String, Entry> owned() {
        return Map.copyOf(owned);
    }

    /** Every migration the ledger has a state for, owned here or not (for reading the status). */
    public List<MigrationState> allStates() {
        return jdbc.sql("SELECT migration_id, state FROM migration_state ORDER BY migration_id")
                .query((rs, n) -> {
                    Entry entry = owned.get(rs.getString(1));
                    return entry != null ? entry.state() : MigrationStateJson.read(rs.getString(2));
                }).list();
    }
}
