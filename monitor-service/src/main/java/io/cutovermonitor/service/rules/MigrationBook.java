package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * The rule state of the migrations this instance owns (those whose partitions it is assigned). The ledger is the
 * truth: a state is cached only after the transaction that wrote it committed, and is read back from the ledger
 * after a restart or a reassignment, never assumed from memory. A migration's chunks and throughput buckets are rows
 * of their own ({@code migration_chunk}, {@code migration_bucket}) beside the rest of its state
 * ({@code migration_state}): a batch writes the rest, which is small, and only the chunks and buckets its events
 * changed.
 */
@Component
public class MigrationBook {

    /** A migration's state and the partition its events arrive on. */
    public record Entry(MigrationState state, Integer partition) {
    }

    /** The chunks of a migration a batch changed: those it reported first ({@code added}) and the others. */
    public record ChunkChanges(List<ChunkRef> added, List<ChunkRef> updated) {
    }

    /**
     * The throughput buckets of a migration a batch changed: new ones, ones with more records, and whether buckets
     * left what is kept, those before {@code keptFrom} (null: none is kept any more).
     */
    public record BucketChanges(List<Bucket> added, List<Bucket> updated, boolean pruned, Instant keptFrom) {
    }

    /** A state whose partition was taken away, kept a while in case it comes back to this instance unchanged. */
    private record Released(Entry entry, long atNanos) {
    }

    /**
     * How long a released state is kept: a rebalance among this instance's own consumers gives a partition back
     * within seconds, and reading a migration of 500,000 chunks back from the ledger takes seconds too.
     */
    private static final long KEEP_RELEASED_NANOS = 120_000_000_000L;

    /** Migration ids bound in one IN list at most: far under the 32,767 (H2) and 65,535 (PostgreSQL) parameters. */
    private static final int MAX_IDS_IN_ONE_QUERY = 1000;

    private static final Logger log = LoggerFactory.getLogger(MigrationBook.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Clock clock;
    private final Map<String, Entry> owned = new ConcurrentHashMap<>();
    private final Map<String, Released> released = new ConcurrentHashMap<>();
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

    /** The committed state of a migration: cached, else read from the ledger, else a new migration. */
    public MigrationState stateOf(String migrationId) {
        Entry entry = owned.get(migrationId);
        if (entry != null) {
            return entry.state();
        }
        return jdbc.sql("SELECT state FROM migration_state WHERE migration_id = ?").param(migrationId)
                .query(String.class).optional()
                .map(state -> withChunks(Map.of(migrationId, state)).get(migrationId))
                .orElseGet(() -> MigrationState.initial(migrationId));
    }

    /**
     * Writes states in the caller's transaction: the rest of each state whole, and of its chunks and throughput
     * buckets those the batch changed; {@link #remember} them once it committed.
     */
    public void save(Map<String, Entry> states, Map<String, ChunkChanges> chunks, Map<String, BucketChanges> buckets) {
        if (states.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Map.Entry<String, Entry>> rows = List.copyOf(states.entrySet());
        List<String> json = rows.stream().map(row -> MigrationStateJson.writeSummary(row.getValue().state())).toList();
        int[][] updated = jdbcTemplate.batchUpdate(
                "UPDATE migration_state SET state = ?, kafka_partition = ?, updated_at = ? WHERE migration_id = ?",
                indexes(rows.size()), rows.size(), (ps, i) -> {
                    ps.setString(1, json.get(i));
                    ps.setObject(2, rows.get(i).getValue().partition());
                    ps.setTimestamp(3, now);
                    ps.setString(4, rows.get(i).getKey());
                });
        List<Integer> missing = new ArrayList<>();
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
        saveChunks(states, chunks);
        saveBuckets(buckets);
    }

    private void saveBuckets(Map<String, BucketChanges> buckets) {
        List<Map.Entry<String, Bucket>> added = new ArrayList<>();
        List<Map.Entry<String, Bucket>> updated = new ArrayList<>();
        List<Map.Entry<String, BucketChanges>> pruned = new ArrayList<>();
        buckets.forEach((migrationId, changes) -> {
            changes.added().forEach(b -> added.add(Map.entry(migrationId, b)));
            changes.updated().forEach(b -> updated.add(Map.entry(migrationId, b)));
            if (changes.pruned()) {
                pruned.add(Map.entry(migrationId, changes));
            }
        });
        jdbcTemplate.batchUpdate("DELETE FROM migration_bucket WHERE migration_id = ? AND (end_second < ? "
                + "OR end_second = ? AND end_nano < ?)", pruned, pruned.size(), (ps, row) -> {
                    Instant keptFrom = Objects.requireNonNullElse(row.getValue().keptFrom(), Instant.MAX);
                    ps.setString(1, row.getKey());
                    ps.setLong(2, keptFrom.getEpochSecond());
                    ps.setLong(3, keptFrom.getEpochSecond());
                    ps.setInt(4, keptFrom.getNano());
                });
        jdbcTemplate.batchUpdate("UPDATE migration_bucket SET records = ? WHERE migration_id = ? AND end_second = ? "
                + "AND end_nano = ?", updated, updated.size(), (ps, row) -> {
                    ps.setLong(1, row.getValue().records());
                    ps.setString(2, row.getKey());
                    ps.setLong(3, row.getValue().end().getEpochSecond());
                    ps.setInt(4, row.getValue().end().getNano());
                });
        jdbcTemplate.batchUpdate(BucketRow.INSERT, added, added.size(),
                (ps, row) -> BucketRow.bindInsert(ps, row.getKey(), row.getValue()));
    }

    /** One row of {@code migration_bucket}. */
    static final class BucketRow {

        static final String INSERT = "INSERT INTO migration_bucket (migration_id, end_second, end_nano, records) "
                + "VALUES (?, ?, ?, ?)";

        private BucketRow() {
        }

        /** Sets the parameters of {@link #INSERT}. */
        static void bindInsert(PreparedStatement insert, String migrationId, Bucket bucket) throws SQLException {
            insert.setString(1, migrationId);
            insert.setLong(2, bucket.end().getEpochSecond());
            insert.setInt(3, bucket.end().getNano());
            insert.setLong(4, bucket.records());
        }
    }

    private void saveChunks(Map<String, Entry> states, Map<String, ChunkChanges> chunks) {
        List<ChunkRow> added = new ArrayList<>();
        List<ChunkRow> changed = new ArrayList<>();
        chunks.forEach((migrationId, changes) -> {
            MigrationState state = states.get(migrationId).state();
            changes.added().forEach(ref -> added.add(ChunkRow.of(migrationId, ref, state)));
            changes.updated().forEach(ref -> changed.add(ChunkRow.of(migrationId, ref, state)));
        });
        jdbcTemplate.batchUpdate("UPDATE migration_chunk SET state = ? WHERE migration_id = ? AND chunk_key = ?",
                changed, changed.size(), (ps, row) -> {
                    ps.setString(1, row.state());
                    ps.setString(2, row.migrationId());
                    ps.setString(3, row.key());
                });
        jdbcTemplate.batchUpdate(ChunkRow.INSERT, added, added.size(), (ps, row) -> row.bindInsert(ps));
    }

    /** One row of {@code migration_chunk}. */
    record ChunkRow(String migrationId, ChunkRef ref, String key, String state) {

        static final String INSERT = "INSERT INTO migration_chunk (migration_id, chunk_key, table_name, chunk, state) "
                + "VALUES (?, ?, ?, ?, ?)";

        /** Sets the parameters of {@link #INSERT}. */
        void bindInsert(PreparedStatement insert) throws SQLException {
            insert.setString(1, migrationId);
            insert.setString(2, key);
            insert.setString(3, ref.table());
            insert.setString(4, ref.chunk());
            insert.setString(5, state);
        }

        static ChunkRow of(String migrationId, ChunkRef ref, MigrationState state) {
            return new ChunkRow(migrationId, ref, keyOf(ref),
                    MigrationStateJson.writeChunk(state.tables().get(ref.table()).chunks().get(ref.chunk())));
        }

        /**
         * The chunk's key in its migration: a digest of the table and chunk names, which together may be longer
         * than a B-tree index entry holds.
         */
        static String keyOf(ChunkRef ref) {
            byte[] digest = AlertOutbox.sha256((ref.table() + '\u0000' + ref.chunk()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        }
    }

    private static List<Integer> indexes(int size) {
        return IntStream.range(0, size).boxed().toList();
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

    /**
     * Loads the states of the migrations on newly assigned partitions, so their wall-clock rules run. A state this
     * instance released moments ago is taken back as it is when the ledger still holds exactly that state (nobody
     * applied an event to it since: every applied event changes the migration's clock), without reading its chunks.
     */
    public void own(Collection<Integer> partitions) {
        forgetOldReleases();
        if (partitions.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<String, String> summaries = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        // an archived migration has no rule state in memory: nothing ticks for it, its series are gone
        jdbc.sql("SELECT migration_id, kafka_partition, state FROM migration_state s WHERE kafka_partition IN (:p)"
                        + " AND NOT EXISTS (SELECT 1 FROM migration_archive a WHERE a.migration_id = s.migration_id)")
                .param("p", List.copyOf(partitions))
                .query(rs -> {
                    summaries.put(rs.getString(1), rs.getString(3));
                    partitionOf.put(rs.getString(1), rs.getInt(2));
                });
        Map<String, MigrationState> states = new LinkedHashMap<>();
        Map<String, String> toRead = new LinkedHashMap<>();
        summaries.forEach((id, summary) -> {
            Released kept = released.remove(id);
            if (kept != null && MigrationStateJson.writeSummary(kept.entry().state()).equals(summary)) {
                states.put(id, kept.entry().state());
            } else {
                toRead.put(id, summary);
            }
        });
        int keptCount = states.size();
        states.putAll(withChunks(toRead));
        states.forEach((id, state) -> owned.put(id, new Entry(state, partitionOf.get(id))));
        log.info("partitions {}: {} migration(s) with {} chunk(s) owned in {} ms ({} kept from before, {} read from the"
                        + " ledger)", partitions, states.size(),
                states.values().stream().mapToLong(MigrationState::chunkCount).sum(),
                (System.nanoTime() - started) / 1_000_000, keptCount, toRead.size());
    }

    /** Forgets the migrations of revoked partitions: another instance (or another consumer here) owns them now. */
    public void release(Collection<Integer> partitions) {
        forgetOldReleases();
        Set<Integer> revoked = Set.copyOf(partitions);
        long now = System.nanoTime();
        owned.entrySet().removeIf(e -> {
            boolean gone = e.getValue().partition() != null && revoked.contains(e.getValue().partition());
            if (gone) {
                released.put(e.getKey(), new Released(e.getValue(), now));
            }
            return gone;
        });
    }

    private void forgetOldReleases() {
        long now = System.nanoTime();
        released.values().removeIf(r -> now - r.atNanos() > KEEP_RELEASED_NANOS);
    }

    /** An archived migration leaves memory; its state stays in the ledger, where the status reads it. */
    public void forget(String migrationId) {
        owned.remove(migrationId);
        released.remove(migrationId);
    }

    /** The migrations this instance owns, with their committed states. */
    public Map<String, Entry> owned() {
        return Map.copyOf(owned);
    }

    /** Every migration the ledger has a state for, owned here or not (for reading the status). */
    public List<MigrationState> allStates() {
        Map<String, String> notOwned = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        jdbc.sql("SELECT migration_id, state FROM migration_state ORDER BY migration_id").query(rs -> {
            ids.add(rs.getString(1));
            if (!owned.containsKey(rs.getString(1))) {
                notOwned.put(rs.getString(1), rs.getString(2));
            }
        });
        Map<String, MigrationState> read = withChunks(notOwned);
        return ids.stream().map(id -> {
            Entry entry = owned.get(id);
            return entry != null ? entry.state() : read.get(id);
        }).filter(Objects::nonNull).toList();
    }

    /**
     * The states from their rows in {@code migration_state}, each with its chunks, in the order they were reported,
     * and its throughput buckets.
     */
    private Map<String, MigrationState> withChunks(Map<String, String> summaries) {
        if (summaries.isEmpty()) {
            return Map.of();
        }
        long started = System.nanoTime();
        Map<String, Map<ChunkRef, String>> chunks = new HashMap<>();
        RowCallbackHandler collect = rs -> {
            if (summaries.containsKey(rs.getString(1))) {
                chunks.computeIfAbsent(rs.getString(1), id -> new LinkedHashMap<>())
                        .put(new ChunkRef(rs.getString(2), rs.getString(3)), rs.getString(4));
            }
        };
        rowsOf(summaries.keySet(), "SELECT migration_id, table_name, chunk, state FROM migration_chunk", "seq", collect);
        Map<String, List<Bucket>> buckets = new HashMap<>();
        RowCallbackHandler collectBuckets = rs -> {
            if (summaries.containsKey(rs.getString(1))) {
                buckets.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                        .add(new Bucket(Instant.ofEpochSecond(rs.getLong(2), rs.getInt(3)), rs.getLong(4)));
            }
        };
        rowsOf(summaries.keySet(), "SELECT migration_id, end_second, end_nano, records FROM migration_bucket",
                "migration_id, end_second, end_nano", collectBuckets);
        long read = System.nanoTime();
        Map<String, MigrationState> states = new LinkedHashMap<>();
        summaries.forEach((id, summary) -> states.put(id, MigrationStateJson.restore(MigrationStateJson.read(summary),
                chunks.getOrDefault(id, Map.of()), buckets.getOrDefault(id, List.of()))));
        log.debug("{} migration(s): chunks and buckets read in {} ms, states built in {} ms", summaries.size(),
                (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        return states;
    }

    /**
     * Hands {@code collect} the rows of {@code select} (whose first column is the migration id) for these
     * migrations, in {@code orderBy} order; the caller skips rows of other migrations, which a long id list brings.
     */
    private void rowsOf(Set<String> migrationIds, String select, String orderBy, RowCallbackHandler collect) {
        if (migrationIds.size() <= MAX_IDS_IN_ONE_QUERY) {
            jdbc.sql(select + " WHERE migration_id IN (:ids) ORDER BY " + orderBy)
                    .param("ids", List.copyOf(migrationIds)).query(collect);
        } else {
            // a bind list that long would pass the driver's limit
            jdbc.sql(select + " ORDER BY " + orderBy).query(collect);
        }
    }
}
