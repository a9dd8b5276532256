package io.cutovermonitor.service.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The migrations that were archived ({@code migration_archive}), known to every instance: the ingest refuses their
 * new events, the metrics leave them out, the rule book holds no state of them. Read on every event, so kept in
 * memory and followed from the ledger (another instance may have archived one).
 */
@Repository
public class ArchivedMigrations {

    /**
     * @param bundle         the directory the acceptance bundle was written to
     * @param manifestSha256 the SHA-256 of the bundle's {@code SHA256SUMS}
     * @param forced         archived before the report said "Ready for acceptance"; {@code reason} says why
     */
    public record Archived(String migrationId, Instant archivedAt, String archivedBy, boolean forced, String reason,
                           String bundle, String manifestSha256) {
    }

    private final JdbcClient jdbc;
    private volatile Map<String, Archived> archived = Map.of();

    public ArchivedMigrations(JdbcClient jdbc) {
        this.jdbc = jdbc;
        follow();
    }

    @Scheduled(fixedDelayString = "${monitor.plans.tick:5s}")
    void follow() {
        Map<String, Archived> read = new ConcurrentHashMap<>();
        jdbc.sql("SELECT migration_id, archived_at, archived_by, forced, reason, bundle, manifest_sha256 "
                        + "FROM migration_archive")
                .query((rs, n) -> new Archived(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list().forEach(a -> read.put(a.migrationId(), a));
        archived = Map.copyOf(read);
    }

    public boolean isArchived(String migrationId) {
        return archived.containsKey(migrationId);
    }

    public Optional<Archived> of(String migrationId) {
        return Optional.ofNullable(archived.get(migrationId));
    }

    public void record(Archived a) {
        jdbc.sql("INSERT INTO migration_archive (migration_id, archived_at, archived_by, forced, reason, bundle, "
                        + "manifest_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(a.migrationId(), Timestamp.from(a.archivedAt()), a.archivedBy(), a.forced(), a.reason(),
                        a.bundle(), a.manifestSha256()).update();
        follow();
    }

    /** Takes a migration out of the archive: its next events are applied again. */
    public boolean reopen(String migrationId) {
        int removed = jdbc.sql("DELETE FROM migration_archive WHERE migration_id = ?").param(migrationId).update();
        follow();
        return removed > 0;
    }
}
