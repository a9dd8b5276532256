package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.event.Sha256;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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
        jdbc.sql("SELECT plan_text, updated_at FROM migration_plan WHERE migration_id = ?").param(migrationId)
                .query((rs, n) -> {
                    fromApi.put(migrationId, PlanLoader.fromText(rs.getString(1), migrationId));
                    storedAt.put(migrationId, rs.getTimestamp(2).toInstant());
                    apiVersions.put(migrationId, PlanVersion.of(rs.getString(1), "set through the API",
                            rs.getTimestamp(2).toInstant(), currentVersion(migrationId)));
                    apiTexts.put(migrationId, rs.getString(1));
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

        static final PlanVersion DEFAULT = new PlanVersion(null, "the built-in default plan", null, 0);

        static PlanVersion of(String text, String origin, Instant setAt, int version) {
            return new PlanVersion(Sha256.hex(text), origin, setAt, version);
        }
    }

    private int currentVersion(String migrationId) {
        return jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM migration_plan_version WHERE migration_id = ?")
                .param(migrationId).query(Integer.class).single();
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
     * As {@link #put(String, String)}, and kept as the migration's next plan version, with who put it.
     *
     * @param by the account that put it
     */
    @Transactional
    public MigrationPlan put(String migrationId, String text, String by) {
        MigrationPlan plan = PlanLoader.fromText(text, migrationId);
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("UPDATE migration_plan SET plan_text = ?, updated_at = ? WHERE migration_id = ?")
                .params(text, now, migrationId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO migration_plan (migration_id, plan_text, updated_at) VALUES (?, ?, ?)")
                    .params(migrationId, text, now).update();
        }
        int version = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM migration_plan_version WHERE migration_id = ?")
                .param(migrationId).query(Integer.class).single();
        jdbc.sql("INSERT INTO migration_plan_version (migration_id, version, put_at, put_by, plan_text) "
                + "VALUES (?, ?, ?, ?, ?)").params(migrationId, version, now, by, text).update();
        fromApi.put(migrationId, plan);
        storedAt.put(migrationId, now.toInstant());
        apiVersions.put(migrationId, PlanVersion.of(text, "set through the API", now.toInstant(), version));
        apiTexts.put(migrationId, text);
        return plan;
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
