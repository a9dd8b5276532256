package io.cutovermonitor.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ingest path tells Prometheus: events by type and outcome, rejections by reason class, processing
 * latency, and the newest event time per migration and type (a silent tool shows as an old timestamp).
 */
@Component
public class IngestMetrics {

    /** Label value for records that named no known event type: keeps the label set bounded. */
    public static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;
    private final Timer processing;
    private final Map<String, AtomicLong> lastEventMillis = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder("migration.event.processing")
                .description("Time from a telemetry record's append to Kafka until it is durable in the ledger")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
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
        Counter.builder("migration.events.rejected")
                .description("Telemetry records not applied, by the class of their problem; each went to the dead-letter topic")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void processed(Duration sinceAppend) {
        processing.record(sinceAppend.isNegative() ? Duration.ZERO : sinceAppend);
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

    /** Looked up once per (type, outcome): building a meter id for every event was a tenth of ingest time. */
    private Counter events(String type, String outcome) {
        return eventCounters.computeIfAbsent(type + '\u0000' + outcome, key -> Counter.builder("migration.events")
                .description("Telemetry events by type and outcome (accepted, duplicate, rejected)")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(registry));
    }
}
