package io.cutovermonitor.service.rules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where migration plans come from and how often the wall clock is consulted.
 *
 * @param dir  a directory of plan files (YAML or JSON), each naming the migration it governs in {@code migration:};
 *             empty: only the plan bundled with the service (the sample OMS plan)
 * @param tick how often the wall-clock rules (overrun, rollback deadline, telemetry stale) are evaluated for live
 *             migrations
 */
@ConfigurationProperties("monitor.plans")
public record PlanProperties(@DefaultValue("") String dir, @DefaultValue("5s") Duration tick) {
}
