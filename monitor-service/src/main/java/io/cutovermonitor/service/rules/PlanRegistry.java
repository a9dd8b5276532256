package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.Sha256;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The plan each migration runs under: one set at run time (stored in the ledger) wins over a plan file, and a
 * migration with neither runs under the default plan (the OMS numbers), which its status flags.
 */
@Component
public class PlanRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PlanRegistry.class);

    /** The OMS plan on the class path: governs {@code oms-cloud-migration}, and the demo puts it as its own. */
    public static final String SAMPLE_PLAN = "plans/oms-cloud-migration.yaml";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, MigrationPlan> fromFiles = new ConcurrentHashMap<>();
    private final Map<String, MigrationPlan> fromApi = new ConcurrentHashMap<>();
    /** The text each plan was read from, by migration: its version is the digest of that text. */
    private final Map<String, PlanVersion> fileVersions = new ConcurrentHashMap<>();
    private final Map<String, PlanVersion> apiVersions = new ConcurrentHashMap<>();
    private final Map<String, String> fileTexts = new ConcurrentHashMap<>();
    private final Map<String, String> apiTexts = new ConcurrentHashMap<>();
    /** When each plan in {@link #fromApi} was stored, as the ledger says: tells a newer plan stored elsewhere. */
    private final Map<String, Instant> storedAt = new ConcurrentHashMap<>();

    public PlanRegistry(PlanProperties properties, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        loadBundledSample();
        if (!properties.dir().isBlank()) {
            loadDirectory(Path.of(properties.dir()));
        }
        followLedger();
    }

    /**
     * Takes the plans another instance stored since we last looked: every instance of a consumer group must judge
     * a migration by the plan its operator set, whichever instance took the PUT.
     */
    @Scheduled(fixedDelayString = "${monitor.plans.tick:5s}")
    void followLedger() {
        jdbc.sql("SELECT migration_id, updated_at FROM migration_plan")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant())).list()
                .stream()
                .filter(stored -> !stored.getValue().equals(storedAt.get(stored.getKey())))
                .forEach(stored -> load(stored.getKey()));
    }

    private void load(String migrationId) {
        jdbc.sql("SELECT p.plan_text, p.updated_at, v.version, v.put_at FROM migration_plan p LEFT JOIN "
                        + "migration_plan_version v ON v.migration_id = p.migration_id AND v.version = (SELECT "
                        + "MAX(version) FROM migration_plan_version WHERE migration_id = p.migration_id) "
                        + "WHERE p.migration_id = ?").param(migrationId)
                .query((rs, n) -> {
                    storedAt.put(migrationId, rs.getTimestamp(2).toInstant());
                    Instant setAt = rs.getTimestamp(4) != null ? rs.getTimestamp(4).toInstant()
                            : rs.getTimestamp(2).toInstant();
                    remember(migrationId, PlanLoader.fromText(rs.getString(1), migrationId), rs.getString(1), setAt,
                            rs.getInt(3));
                    return migrationId;
                }).list();
    }

    public MigrationPlan planFor(String migrationId) {
        MigrationPlan plan = fromApi.get(migrationId);
        if (plan == null) {
            plan = fromFiles.get(migrationId);
        }
        return plan != null ? plan : MigrationPlan.defaults();
    }

    /** A plan and its version: what a migration is judged under. */
    public record Governing(MigrationPlan plan, PlanVersion version) {

        /** The default plan, as a migration with no plan of its own is judged under. */
        public static final Governing DEFAULT = new Governing(MigrationPlan.defaults(), PlanVersion.DEFAULT);
    }

    /** The plan of {@link #planFor} and {@link #versionOf} together. */
    public Governing governing(String migrationId) {
        return new Governing(planFor(migrationId), versionOf(migrationId));
    }

    /** The text the plan of {@link #planFor} was read from; empty for the default plan. */
    public Optional<String> textOf(String migrationId) {
        String text = apiTexts.get(migrationId);
        return Optional.ofNullable(text != null ? text : fileTexts.get(migrationId));
    }

    /** Which text the plan of {@link #planFor} was read from, as the evidence report names and digests it. */
    public PlanVersion versionOf(String migrationId) {
        PlanVersion version = apiVersions.get(migrationId);
        if (version == null) {
            version = fileVersions.get(migrationId);
        }
        return version != null ? version : PlanVersion.DEFAULT;
    }

    /**
     * @param sha256 of the plan's text as it was given (null for the built-in default plan)
     * @param origin where it came from: the API, a file, or the default
     * @param setAt  when it was stored through the API (null otherwise)
     * @param version its number among the plans put for the migration (0 for a file's or the default plan)
     */
    public record PlanVersion(String sha256, String origin, Instant setAt, int version) {

        public static final PlanVersion DEFAULT = new PlanVersion(null, "the built-in default plan", null, 0);

        static PlanVersion of(String text, String origin, Instant setAt, int version) {
            return new PlanVersion(Sha256.hex(text), origin, setAt, version);
        }
    }

    /**
     * Sets the plan of a migration from YAML or JSON text; throws {@link io.cutovermonitor.validators.plan.PlanException}
     * with the line of the first problem when the text is not a valid plan. The plan governs the migration named in
     * the URL, whatever its {@code migration:} field says.
     */
    public MigrationPlan put(String migrationId, String text) {
        return put(migrationId, text, "the service");
    }

    /**
     * As {@link #put(String, String)}, and kept as the migration's next plan version, with who put it. For the
     * service's own callers; a plan put through the API is a {@code migration.plan.v1} event, {@link #adopt}ed by the
     * consumer.
     *
     * @param by the account that put it
     */
    @Transactional
    public MigrationPlan put(String migrationId, String text, String by) {
        MigrationPlan plan = PlanLoader.fromText(text, migrationId);
        Instant now = clock.instant();
        int version = store(migrationId, text, by, now, null);
        remember(migrationId, plan, text, now, version);
        return plan;
    }

    /**
     * A plan the plan change made the migration's: the plan, and the version it is.
     *
     * @param fresh false when the event had already been applied (it was that version already)
     */
    public record Adopted(MigrationPlan plan, PlanVersion version, boolean fresh) {
    }

    /**
     * Keeps the plan of a {@code migration.plan.v1} event as its migration's next plan version, in the caller's
     * transaction (the consumer's): it governs this instance once that committed. The version is numbered as the
     * events come on the migration's partition, so a replay of the topic numbers them alike; the same event again is
     * the version it already is. The event's time is when the plan was put.
     */
    public Adopted adopt(TelemetryEvent event) {
        PlanEvent change = (PlanEvent) event.data();
        String migrationId = change.migrationId();
        MigrationPlan plan = PlanLoader.fromText(change.plan(), migrationId);
        Optional<Integer> known = jdbc.sql("SELECT version FROM migration_plan_version WHERE migration_id = ? "
                        + "AND event_id = ? AND event_source = ?").params(migrationId, event.id(), event.source())
                .query(Integer.class).optional();
        int version = known.orElseGet(() -> store(migrationId, change.plan(), change.by(), event.time(),
                EventLedger.Identity.of(event)));
        Instant at = event.time();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember(migrationId, plan, change.plan(), at, version);
            }
        });
        return new Adopted(plan, PlanVersion.of(change.plan(), "set through the API", at, version), known.isEmpty());
    }

    /** The version a plan change became, once the consumer applied it (here or on another instance). */
    public Optional<Integer> versionOf(EventLedger.Identity planChange) {
        return jdbc.sql("SELECT version FROM migration_plan_version WHERE event_id = ? AND event_source = ?")
                .params(planChange.id(), planChange.source()).query(Integer.class).optional();
    }

    /** Reads the migration's current plan from the ledger: another instance may have applied the change. */
    public void refresh(String migrationId) {
        load(migrationId);
    }

    /** Stores the plan as the current one and as the next version; returns that version. */
    private int store(String migrationId, String text, String by, Instant putAt, EventLedger.Identity event) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("UPDATE migration_plan SET plan_text = ?, updated_at = ? WHERE migration_id = ?")
                .params(text, now, migrationId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO migration_plan (migration_id, plan_text, updated_at) VALUES (?, ?, ?)")
                    .params(migrationId, text, now).update();
        }
        int version = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM migration_plan_version WHERE migration_id = ?")
                .param(migrationId).query(Integer.class).single();
        jdbc.sql("INSERT INTO migration_plan_version (migration_id, version, put_at, put_by, plan_text, event_id, "
                        + "event_source) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(migrationId, version, Timestamp.from(putAt), by, text, event == null ? null : event.id(),
                        event == null ? null : event.source()).update();
        // followLedger takes it as its own, not as another instance's
        storedAt.put(migrationId, now.toInstant());
        return version;
    }

    private void remember(String migrationId, MigrationPlan plan, String text, Instant setAt, int version) {
        fromApi.put(migrationId, plan);
        apiVersions.put(migrationId, PlanVersion.of(text, "set through the API", setAt, version));
        apiTexts.put(migrationId, text);
    }

    /** One plan put for a migration, as {@code migration_plan_version} keeps it. */
    public record StoredVersion(int version, Instant putAt, String putBy, String sha256, String text) {
    }

    /** Every plan put for the migration, oldest first (none for a migration under a file's or the default plan). */
    public List<StoredVersion> versionsOf(String migrationId) {
        return jdbc.sql("SELECT version, put_at, put_by, plan_text FROM migration_plan_version WHERE migration_id = ? "
                        + "ORDER BY version").param(migrationId)
                .query((rs, n) -> new StoredVersion(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        Sha256.hex(rs.getString(4)), rs.getString(4))).list();
    }

    private void loadBundledSample() {
        try {
            String text = new ClassPathResource(SAMPLE_PLAN).getContentAsString(StandardCharsets.UTF_8);
            MigrationPlan sample = PlanLoader.fromYaml(text, "oms-cloud-migration");
            fromFiles.put(sample.name(), sample);
            fileVersions.put(sample.name(), PlanVersion.of(text, "the bundled sample plan", null, 0));
            fileTexts.put(sample.name(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("the sample OMS plan is part of the service", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan " + file, e);
        }
    }

    private void loadDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().forEach(file -> {
                MigrationPlan plan = PlanLoader.load(file);
                fromFiles.put(plan.name(), plan);
                String text = read(file);
                fileVersions.put(plan.name(), PlanVersion.of(text, "file " + file, null, 0));
                fileTexts.put(plan.name(), text);
                LOG.info("plan " + file + " governs migration " + plan.name());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan directory " + dir, e);
        }
    }
}
