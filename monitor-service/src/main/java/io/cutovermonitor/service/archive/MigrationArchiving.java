package io.cutovermonitor.service.archive;

import io.cutovermonitor.service.ledger.ArchivedMigrations;
import io.cutovermonitor.service.ledger.ArchivedMigrations.Archived;
import io.cutovermonitor.service.metrics.MigrationMetrics;
import io.cutovermonitor.service.report.EvidenceReport;
import io.cutovermonitor.service.report.EvidenceReportBuilder;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.rules.RuleApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Retires an accepted migration: writes its acceptance bundle, records it as archived, and takes it out of the
 * running service (its rule state out of memory, its series out of the scrape, its new events dead-lettered). Its
 * status and report stay readable: both are rebuilt from the ledger, which keeps every event.
 */
@Service
public class MigrationArchiving {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationArchiving.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final EvidenceReportBuilder reports;
    private final AcceptanceBundle bundle;
    private final ArchivedMigrations archive;
    private final MigrationBook book;
    private final RuleApplication rules;
    private final MigrationMetrics metrics;
    private final ArchiveProperties properties;
    private final Clock clock;

    MigrationArchiving(EvidenceReportBuilder reports, AcceptanceBundle bundle, ArchivedMigrations archive,
                       MigrationBook book, RuleApplication rules, MigrationMetrics metrics, ArchiveProperties properties,
                       Clock clock) {
        this.rules = rules;
        this.reports = reports;
        this.bundle = bundle;
        this.archive = archive;
        this.book = book;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** What an archive request came to. */
    public sealed interface Outcome {
        record Done(Archived archived, List<String> files) implements Outcome {
        }

        record Unknown() implements Outcome {
        }

        record AlreadyArchived(Archived archived) implements Outcome {
        }

        /** Not ready for acceptance and not forced: what is missing. */
        record NotAccepted(List<String> missing) implements Outcome {
        }

        record NoReason() implements Outcome {
        }
    }

    /**
     * @param force  archive although the report is not ready for acceptance (a migration abandoned, say)
     * @param reason why, required with {@code force}; recorded with the archive
     */
    public Outcome archive(String migrationId, String by, boolean force, String reason) {
        if (force && (reason == null || reason.isBlank())) {
            return new Outcome.NoReason();
        }
        ReentrantLock lock = book.lockFor(migrationId);
        lock.lock(); // no event of the migration is applied while its evidence is frozen
        try {
            var existing = archive.of(migrationId);
            if (existing.isPresent()) {
                return new Outcome.AlreadyArchived(existing.get());
            }
            var report = reports.build(migrationId);
            if (report.isEmpty()) {
                return new Outcome.Unknown();
            }
            EvidenceReport r = report.get();
            if (!r.verdict().readyForAcceptance() && !force) {
                return new Outcome.NotAccepted(r.verdict().missing());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Path dir = Path.of(properties.dir()).toAbsolutePath().resolve(migrationId + "-" + STAMP.format(now));
            AcceptanceBundle.Written written = bundle.write(r, dir);
            Archived archived = new Archived(migrationId, now, by, !r.verdict().readyForAcceptance(),
                    force ? reason.strip() : null, dir.toString(), written.manifestSha256());
            archive.record(archived);
            rules.forget(migrationId);
            metrics.forget(migrationId);
            LOG.info("migration {} archived by {} into {}{}", migrationId, by, dir,
                    archived.forced() ? " before acceptance: " + archived.reason() : "");
            return new Outcome.Done(archived, List.copyOf(written.sha256().keySet()));
        } finally {
            lock.unlock();
        }
    }

    /** Takes a migration out of the archive: its next event brings its rule state back from the ledger. */
    public boolean reopen(String migrationId, String by, String reason) {
        boolean reopened = archive.reopen(migrationId);
        if (reopened) {
            LOG.info("migration {} reopened by {}: {}", migrationId, by, reason);
        }
        return reopened;
    }
}
