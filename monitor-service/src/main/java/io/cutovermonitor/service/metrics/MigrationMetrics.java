package io.cutovermonitor.service.metrics;

import io.cutovermonitor.service.ledger.ArchivedMigrations;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.Counts;
import io.cutovermonitor.validators.rules.MigrationStatus;
import io.cutovermonitor.validators.rules.Rule;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decisions as Prometheus sees them (docs/metrics.md): every gauge is recomputed from the committed rule state
 * of the migrations this instance owns, so a series disappears with its migration, and table labels are limited to
 * the tables of the migration's plan (anything else is counted as {@code other}).
 */
@Component
public class MigrationMetrics {

    /** Label value for a table, job or check the plan does not list: keeps label values bounded by the plan. */
    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final MigrationBook book;
    private final PlanRegistry plans;
    private final ArchivedMigrations archive;
    private final IngestMetrics ingest;
    private final Clock clock;
    /** The registered series and the value each reports; a series is added or removed only when the set changes. */
    private final Map<Series, double[]> values = new ConcurrentHashMap<>();
    private final Map<Series, io.micrometer.core.instrument.Gauge> registered = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Counter> counters = new ConcurrentHashMap<>();

    /** One series of a gauge. */
    private record Series(Gauge gauge, Tags tags) {
    }

    /** Each gauge of docs/metrics.md, with its Micrometer name, base unit and meaning. */
    private enum Gauge {
        INFO("migration.info", null, "One series per tracked migration and the plan it runs under"),
        PHASE("migration.phase", null, "1 for the migration's current phase and status"),
        INTEGRITY_ERRORS("migration.integrity.errors", null, "Distinct integrity errors in the window of the current cutover"),
        INTEGRITY_THRESHOLD("migration.integrity.errors.threshold", null, "The plan's integrity-error rollback threshold"),
        TABLES("migration.tables", null, "Tables of the migration in each integrity state"),
        TABLE_CHUNKS("migration.table.chunks", null, "Chunks of a table in each integrity state"),
        RECONCILIATION_PROGRESS("migration.reconciliation.progress.ratio", null,
                "How far the latest reconciliation of a table has come: rows compared against its estimate"),
        RECORDS_SYNCED("migration.records.synced", null, "Records synced, summed over the sync scopes"),
        SYNC_LAG("migration.sync.lag", "seconds", "Largest replication lag the syncs reported last"),
        THROUGHPUT("migration.throughput.records.per.hour", null, "Trailing-hour throughput, records summed over components"),
        THROUGHPUT_TARGET("migration.throughput.target.records.per.hour", null, "The plan's throughput target"),
        CUTOVER_ELAPSED("migration.cutover.elapsed", "seconds", "Time since CUTOVER STARTED, frozen when the cutover ends"),
        CUTOVER_LIMIT("migration.cutover.limit", "seconds", "The plan's maximum cutover duration"),
        CUTOVER_STARTED("migration.cutover.started.timestamp", "seconds", "When the current cutover started"),
        PROJECTED_FINISH("migration.cutover.projected.finish.timestamp", "seconds", "Projected finish from sync progress"),
        MAINTENANCE_WINDOW("migration.maintenance.window", "seconds", "The maintenance window the cutover is given"),
        RULE_FIRING("migration.rule.firing", null, "1 while an episode of the rule is firing"),
        ROLLBACK_DEADLINE("migration.rollback.deadline.timestamp", "seconds", "Deadline of each unanswered rollback trigger"),
        CLOCK("migration.clock.timestamp", "seconds",
                "The migration's clock: the wall clock while live, else its newest event time"),
        OBSERVATION_DAY("migration.observation.day", null, "Day N of the observation period"),
        OBSERVATION_DAYS("migration.observation.days", null, "Length of the observation period in days"),
        OBSERVATION_INCIDENTS("migration.observation.incidents", null, "Open observation incidents"),
        READY_FOR_ACCEPTANCE("migration.ready.for.acceptance", null, "1 when the observation period is over with no open incident");

        private final String meterName;
        private final String baseUnit;
        private final String description;

        Gauge(String meterName, String baseUnit, String description) {
            this.meterName = meterName;
            this.baseUnit = baseUnit;
            this.description = description;
        }
    }

    public MigrationMetrics(MeterRegistry registry, MigrationBook book, PlanRegistry plans, ArchivedMigrations archive,
                            IngestMetrics ingest, Clock clock) {
        this.registry = registry;
        this.archive = archive;
        this.ingest = ingest;
        this.book = book;
        this.plans = plans;
        this.clock = clock;
    }

    /** Counts an applied check or job result (after its transaction committed). */
    public void applied(TelemetryEvent event) {
        MigrationPlan plan = plans.planFor(event.migrationId());
        if (event.data() instanceof CheckEvent check) {
            boolean planned = plan.checks().stream().anyMatch(c -> c.name().equals(check.check()));
            counter("migration.checks", event.migrationId(), "check", planned ? check.check() : OTHER,
                    check.passed() ? "passed" : "failed").increment();
        } else if (event.data() instanceof JobEvent job && job.state() != JobEvent.JobState.STARTED) {
            counter("migration.jobs", event.migrationId(), "job", plan.jobs().contains(job.job()) ? job.job() : OTHER,
                    job.state() == JobEvent.JobState.SUCCEEDED ? "succeeded" : "failed").increment();
        }
    }

    /** Looked up once per series: the consumer threads call this for every check and job event. */
    private io.micrometer.core.instrument.Counter counter(String name, String migration, String subjectTag,
                                                          String subject, String outcome) {
        return counters.computeIfAbsent(String.join("\u0000", name, migration, subject, outcome),
                key -> registry.counter(name, "migration", migration, subjectTag, subject, "outcome", outcome));
    }

    /**
     * Recomputes every gauge from the committed states. Values change in place; meters are registered or removed
     * only for series that appear or disappear, so the registry is not churned under the consumer threads.
     */
    @Scheduled(fixedDelayString = "${monitor.metrics.refresh:2s}")
    public void refresh() {
        Instant now = clock.instant();
        Map<Series, Double> rows = new java.util.HashMap<>();
        book.owned().forEach((id, entry) -> {
            if (archive.isArchived(id)) {
                return;
            }
            MigrationPlan plan = plans.planFor(id);
            describe(MigrationStatus.of(entry.state(), plan, now), plan, now, rows);
        });
        rows.forEach((series, value) -> values.computeIfAbsent(series, this::register)[0] = value);
        for (Series gone : List.copyOf(values.keySet())) {
            if (!rows.containsKey(gone)) {
                registry.remove(registered.remove(gone));
                values.remove(gone);
            }
        }
        removeCountersOutsideThePlans();
    }

    private double[] register(Series series) {
        double[] holder = new double[1];
        registered.put(series, io.micrometer.core.instrument.Gauge.builder(series.gauge().meterName, holder, h -> h[0])
                .description(series.gauge().description)
                .baseUnit(series.gauge().baseUnit)
                .tags(series.tags())
                .register(registry));
        return holder;
    }

    private void describe(MigrationStatus s, MigrationPlan plan, Instant now, Map<Series, Double> rows) {
        Tags m = Tags.of("migration", s.migrationId());
        row(rows, Gauge.INFO, m.and("plan", s.plan(), "default_plan", String.valueOf(s.defaultPlan())), 1);
        if (s.phase() != null) {
            row(rows, Gauge.PHASE, m.and("phase", s.phase(), "status", String.valueOf(s.phaseStatus())), 1);
        }
        row(rows, Gauge.INTEGRITY_ERRORS, m, s.integrityErrors());
        row(rows, Gauge.INTEGRITY_THRESHOLD, m, s.integrityErrorsThreshold());
        tables(s, plan, m, rows);
        reconciling(s, plan, m, rows);
        row(rows, Gauge.RECORDS_SYNCED, m, s.recordsSynced().values().stream().mapToLong(Long::longValue).reduce(0, Counts::plus));
        s.syncLagSeconds().values().stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max()
                .ifPresent(lag -> row(rows, Gauge.SYNC_LAG, m, lag));
        row(rows, Gauge.THROUGHPUT, m, s.trailingHourThroughput());
        row(rows, Gauge.THROUGHPUT_TARGET, m, s.throughputTarget());
        row(rows, Gauge.CUTOVER_ELAPSED, m, seconds(s.cutoverElapsed()));
        row(rows, Gauge.CUTOVER_LIMIT, m, seconds(s.cutoverLimit()));
        if (s.cutoverStartedAt() != null) {
            row(rows, Gauge.CUTOVER_STARTED, m, epochSeconds(s.cutoverStartedAt()));
        }
        if (s.projectedFinish() != null) {
            row(rows, Gauge.PROJECTED_FINISH, m, epochSeconds(s.projectedFinish()));
        }
        row(rows, Gauge.MAINTENANCE_WINDOW, m, seconds(s.maintenanceWindow()));
        for (Rule rule : Rule.values()) {
            boolean firing = s.firing().stream().anyMatch(f -> f.rule().equals(rule.id()));
            row(rows, Gauge.RULE_FIRING, m.and("rule", rule.id()), firing ? 1 : 0);
        }
        Map<String, Instant> deadlines = new TreeMap<>();
        s.rollbackDeadlines().forEach(d -> deadlines.merge(d.rule(), d.dueAt(), (a, b) -> a.isBefore(b) ? a : b));
        deadlines.forEach((rule, due) -> row(rows, Gauge.ROLLBACK_DEADLINE, m.and("rule", rule), epochSeconds(due)));
        row(rows, Gauge.CLOCK, m, epochSeconds(s.clockAt(now)));
        if (s.observationDay() != null) {
            row(rows, Gauge.OBSERVATION_DAY, m, s.observationDay());
        }
        row(rows, Gauge.OBSERVATION_DAYS, m, s.observationDays());
        row(rows, Gauge.OBSERVATION_INCIDENTS, m,
                s.firing().stream().filter(f -> f.rule().equals(Rule.OBSERVATION_INCIDENT.id())).count());
        row(rows, Gauge.READY_FOR_ACCEPTANCE, m, s.readyForAcceptance() ? 1 : 0);
    }

    /** Per table (plan tables by name, the rest as {@code other}, the least advanced of them), 0 to 1. */
    private static void reconciling(MigrationStatus s, MigrationPlan plan, Tags m, Map<Series, Double> rows) {
        Map<String, Double> ratios = new TreeMap<>();
        s.reconciling().forEach(r -> ratios.merge(plan.tables().contains(r.table()) ? r.table() : OTHER, r.ratio(),
                Math::min));
        ratios.forEach((table, ratio) -> row(rows, Gauge.RECONCILIATION_PROGRESS, m.and("table", table), ratio));
    }

    /** Per table (plan tables by name, the rest as {@code other}) and per migration, chunks and tables by state. */
    private static void tables(MigrationStatus s, MigrationPlan plan, Tags m, Map<Series, Double> rows) {
        Map<String, long[]> chunksByTable = new TreeMap<>();
        long[] tablesByState = new long[MigrationStatus.Integrity.values().length];
        plan.tables().forEach(t -> chunksByTable.put(t, new long[tablesByState.length]));
        s.tables().forEach((table, status) -> {
            long[] counts = chunksByTable.computeIfAbsent(plan.tables().contains(table) ? table : OTHER,
                    t -> new long[tablesByState.length]);
            counts[MigrationStatus.Integrity.MATCHED.ordinal()] += status.matched();
            counts[MigrationStatus.Integrity.MISMATCHED.ordinal()] += status.mismatched();
            counts[MigrationStatus.Integrity.PENDING.ordinal()] += status.pending();
            counts[MigrationStatus.Integrity.UNVERIFIED.ordinal()] += status.unverified();
            MigrationStatus.Integrity worst = status.mismatched() > 0 ? MigrationStatus.Integrity.MISMATCHED
                    : status.pending() > 0 ? MigrationStatus.Integrity.PENDING
                    : status.unverified() > 0 ? MigrationStatus.Integrity.UNVERIFIED : MigrationStatus.Integrity.MATCHED;
            tablesByState[worst.ordinal()]++;
        });
        for (MigrationStatus.Integrity state : MigrationStatus.Integrity.values()) {
            String label = state.name().toLowerCase(Locale.ROOT);
            row(rows, Gauge.TABLES, m.and("state", label), tablesByState[state.ordinal()]);
            // Every table keeps its matched series (so each table of the plan is listed, at 0 before its first
            // report); the other states have a series only while a chunk is in them. Four series per table were
            // 400,000 for 100 migrations of 1,000 tables, nearly all 0, and most of the service's heap.
            chunksByTable.forEach((table, counts) -> {
                if (state == MigrationStatus.Integrity.MATCHED || counts[state.ordinal()] > 0) {
                    row(rows, Gauge.TABLE_CHUNKS, m.and("table", table, "state", label), counts[state.ordinal()]);
                }
            });
        }
    }

    /**
     * Removes every series of an archived migration at once, whoever registered it (gauges, check and job counters,
     * alert and late-event counters, the last event times): the scrape stays bounded by the migrations still open.
     */
    public void forget(String migrationId) {
        ingest.forget(migrationId);
        counters.keySet().removeIf(key -> key.split("\u0000", -1)[1].equals(migrationId));
        for (Series series : List.copyOf(values.keySet())) {
            if (migrationId.equals(series.tags().stream().filter(t -> t.getKey().equals("migration"))
                    .map(io.micrometer.core.instrument.Tag::getValue).findFirst().orElse(null))) {
                registry.remove(registered.remove(series));
                values.remove(series);
            }
        }
        registry.getMeters().stream().filter(m -> migrationId.equals(m.getId().getTag("migration")))
                .forEach(registry::remove);
    }

    /** A check or job that left its migration's plan loses its series. */
    private void removeCountersOutsideThePlans() {
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            String migration = meter.getId().getTag("migration");
            if (migration == null || !(name.equals("migration.checks") || name.equals("migration.jobs"))) {
                continue;
            }
            MigrationPlan plan = plans.planFor(migration);
            String check = meter.getId().getTag("check");
            String job = meter.getId().getTag("job");
            boolean planned = check != null
                    ? check.equals(OTHER) || plan.checks().stream().anyMatch(c -> c.name().equals(check))
                    : OTHER.equals(job) || plan.jobs().contains(job);
            if (!planned) {
                registry.remove(meter);
                counters.values().remove(meter);
            }
        }
    }

    private static void row(Map<Series, Double> rows, Gauge gauge, Tags tags, double value) {
        rows.put(new Series(gauge, tags), value);
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    private static double epochSeconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }
}
