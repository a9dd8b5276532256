package io.cutovermonitor.service.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ingest} component of {@code /actuator/health}: DOWN while a telemetry partition this instance owns is
 * stalled (it has not advanced for longer than {@code monitor.ingest.stall-after} while records wait on it), or
 * while the listener's container stopped by itself. The details name each stalled partition, the offset it is stuck
 * at, how many records wait behind it and for how long; and every owned partition's offsets. UNKNOWN (which leaves
 * the overall status as it is) when the offsets could not be read for longer than stall-after: the watch is blind,
 * and says so rather than calling the partitions healthy.
 */
@Component
class IngestHealthIndicator implements HealthIndicator {

    private final PartitionStallWatch watch;
    private final IngestProperties properties;

    IngestHealthIndicator(PartitionStallWatch watch, IngestProperties properties) {
        this.watch = watch;
        this.properties = properties;
    }

    @Override
    public Health health() {
        PartitionStallWatch.Verdict verdict = watch.verdict();
        List<PartitionStallWatch.PartitionView> stalled = verdict.stalled();
        Health.Builder health;
        if (!verdict.listenerAsExpected()) {
            health = Health.down().withDetail("listener", "the telemetry listener's consumer stopped by itself: none of"
                    + " its partitions advances");
        } else if (!stalled.isEmpty()) {
            health = Health.down();
        } else if (verdict.blind()) {
            health = Health.unknown();
        } else {
            health = Health.up();
        }
        if (!stalled.isEmpty()) {
            health.withDetail("stalled", stalled.stream().map(IngestHealthIndicator::stalled).toList());
        }
        Map<String, Object> partitions = new LinkedHashMap<>();
        verdict.partitions().forEach(p -> partitions.put(p.partition().toString(), Map.of(
                "offset", p.offset(), "logEndOffset", p.logEndOffset(), "waiting", p.waiting(),
                "stalledSeconds", p.stalledFor().toSeconds(), "lagSeconds", p.lag().toSeconds())));
        health.withDetail("partitions", partitions);
        health.withDetail("stallAfter", properties.stallAfter().toString());
        if (verdict.offsetsReadAt() != null) {
            health.withDetail("offsetsReadAt", verdict.offsetsReadAt().toString());
        }
        if (verdict.readFailure() != null) {
            health.withDetail("readFailure", verdict.readFailure());
        }
        return health.build();
    }

    private static Map<String, Object> stalled(PartitionStallWatch.PartitionView p) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("partition", p.partition().toString());
        detail.put("offset", p.offset());
        detail.put("waiting", p.waiting());
        detail.put("stalledFor", p.stalledFor().withNanos(0).toString());
        detail.put("stalledSeconds", p.stalledFor().toSeconds());
        detail.put("since", p.stalledSince().toString());
        return detail;
    }
}
