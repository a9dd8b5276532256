package io.cutovermonitor.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.cutovermonitor.validators.event.Rejection;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

/**
 * What the ingest path tells Prometheus: events by type and outcome, rejections by reason class, processing
 * latency, the newest event time per migration and type (a silent tool shows as an old timestamp), and how long
 * each telemetry partition this instance owns has been stalled (a partition that cannot advance shows too).
 */
@Component
public class IngestMetrics {

    /** Label value for records that named no known event type: keeps the label set bounded. */
    public static final String UNKNOWN_TYPE = "unknown";

    /** Rejection reasons of the service, beside the event contract's own ({@link Rejection.Reason}). */
    public static final String CONFLICT = "conflict";
    public static final String UNSTORABLE = "unstorable";
    public static final String UNSIGNED_DECISION = "unsigned_decision";
    /** A plan change the plan API did not write (or whose plan does not load). */
    public static final String UNSIGNED_PLAN = "unsigned_plan";
    /** An event of a migration that was archived: refused until it is reopened. */
    public static final String ARCHIVED = "archived";
    public static final String UNREADABLE = "unreadable";

    /**
     * Every reason a record can be rejected for. Each has its series from the start, at 0: a counter created at 1
     * by its first rejection would leave {@code increase()} nothing to compare, and the first bad record of a reason
     * would never raise {@code MigrationEventsRejected}.
     */
    public static final List<String> REJECTION_REASONS = Stream.concat(
            Arrays.stream(Rejection.Reason.values()).map(Rejection.Reason::label),
            Stream.of(CONFLICT, UNSTORABLE, UNSIGNED_DECISION, UNSIGNED_PLAN, ARCHIVED, UNREADABLE)).toList();

    private final MeterRegistry registry;
    private final Timer processing;
    private final Map<String, AtomicLong> lastEventMillis = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Map<Integer, List<Gauge>> ownedPartitions = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder("migration.event.processing")
                .description("Time from a telemetry record's append to Kafka until it is durable in the ledger")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        REJECTION_REASONS.forEach(this::rejections);
    }

    public void accepted(String type) {
        events(type, "accepted").increment();
    }

    public void duplicate(String type) {
        events(type, "duplicate").increment();
    }

    /** A record not applied: counted by type and outcome, and by the class of its problem. */
    public void rejected(String type, String reason) {
        events(type == null ? UNKNOWN_TYPE : type, "rejected").increment();
        rejections(reason).increment();
    }

    private Counter rejections(String reason) {
        return rejections.computeIfAbsent(reason, r -> Counter.builder("migration.events.rejected")
                .description("Telemetry records not applied, by the class of their problem; each went to the dead-letter topic")
                .tag("reason", r)
                .register(registry));
    }

    public void processed(Duration sinceAppend) {
        processing.record(sinceAppend.isNegative() ? Duration.ZERO : sinceAppend);
    }

    /** An archived migration's last event times: the caller removes the series from the registry. */
    void forget(String migrationId) {
        lastEventMillis.keySet().removeIf(key -> key.startsWith(migrationId + '\u0000'));
    }

    /** Moves the newest event time of (migration, type) forward; never back, as late events arrive. */
    public void eventTime(String migrationId, String type, Instant time) {
        AtomicLong holder = lastEventMillis.computeIfAbsent(migrationId + '\u0000' + type, key -> {
            AtomicLong created = new AtomicLong(Long.MIN_VALUE);
            Gauge.builder("migration.last.event.timestamp", created, h -> h.get() / 1000.0)
                    .description("Event time of the newest event of this migration and type")
                    .baseUnit("seconds")
                    .tag("migration", migrationId)
                    .tag("type", type)
                    .register(registry);
            return created;
        });
        holder.accumulateAndGet(time.toEpochMilli(), Math::max);
    }

    /**
     * The telemetry partitions this instance owns now: each gets a {@code migration_ingest_stalled_seconds} series
     * whose value {@code stalledSeconds} gives at every scrape (0 while the partition advances), and a
     * {@code migration_ingest_lag_seconds} series from {@code lagSeconds} (how long its oldest record not yet applied
     * has waited; 0 when it is caught up); a partition no longer owned loses both, so several instances in one group
     * never export the same partition.
     */
    public void ownedTelemetryPartitions(Collection<Integer> partitions, IntToDoubleFunction stalledSeconds,
                                         IntToDoubleFunction lagSeconds) {
        for (Integer partition : partitions) {
            ownedPartitions.computeIfAbsent(partition, p -> List.of(
                    partitionGauge("migration.ingest.stalled", p, stalledSeconds, "How long this telemetry partition "
                            + "has not advanced while records wait on it, once that is longer than "
                            + "monitor.ingest.stall-after; 0 while it advances"),
                    partitionGauge("migration.ingest.lag", p, lagSeconds, "How long the oldest record of this "
                            + "telemetry partition not yet stored and judged has waited (to one "
                            + "monitor.ingest.check-interval, never less); 0 when caught up")));
        }
        for (Integer owned : List.copyOf(ownedPartitions.keySet())) {
            if (!partitions.contains(owned)) {
                ownedPartitions.remove(owned).forEach(registry::remove);
            }
        }
    }

    private Gauge partitionGauge(String name, int partition, IntToDoubleFunction seconds, String description) {
        return Gauge.builder(name, seconds, f -> f.applyAsDouble(partition))
                .description(description)
                .baseUnit("seconds")
                .tag("partition", Integer.toString(partition))
                .strongReference(true)
                .register(registry);
    }

    /** Looked up once per (type, outcome): building a meter id for every event was a tenth of ingest time. */
    private Counter events(String type, String outcome) {
        return eventCounters.computeIfAbsent(type + '\u0000' + outcome, key -> Counter.builder("migration.events")
                .description("Telemetry events by type and outcome (accepted, duplicate, rejected)")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(registry));
    }
}
