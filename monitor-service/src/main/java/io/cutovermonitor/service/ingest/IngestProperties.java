package io.cutovermonitor.service.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the telemetry listener's partitions are watched ({@code monitor.ingest.*}).
 *
 * @param stallAfter    a partition this instance owns that has not advanced for longer than this while records wait
 *                      on it is stalled: health DOWN, {@code migration_ingest_stalled_seconds} above 0
 * @param checkInterval how often the partitions' committed and log end offsets are read from the broker; a stall
 *                      shows at most this long after {@code stallAfter}
 */
@ConfigurationProperties("monitor.ingest")
public record IngestProperties(@DefaultValue("60s") Duration stallAfter, @DefaultValue("5s") Duration checkInterval) {

    public IngestProperties {
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("monitor.ingest.stall-after must be positive, not " + stallAfter);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("monitor.ingest.check-interval must be positive, not " + checkInterval);
        }
    }
}
