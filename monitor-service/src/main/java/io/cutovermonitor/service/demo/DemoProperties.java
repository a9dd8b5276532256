package io.cutovermonitor.service.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The demo switch ({@code monitor.demo.*}): replays a realistic OMS cutover into the service's own telemetry topic
 * so a newcomer sees every panel move (README, section "Demo").
 *
 * @param enabled     {@code --monitor.demo.enabled=true} starts the replay once the service is ready
 * @param speed       event-time seconds per wall-clock second (120: two minutes of cutover per second, so
 *                    the shipped Prometheus, scraping every 15 s, sees each step of the cutover night)
 * @param observationSpeed the same after go-live (600): the 30 days of parallel operation are not a night to watch
 *                    minute by minute
 * @param migrationId the migration the demo plays; if the ledger already holds events of it (an earlier demo run),
 *                    the demo takes the first free {@code <id>-2}, {@code <id>-3}, … instead and says so
 * @param seed        the generator's seed: the same seed gives the same events (counts, checksums, timings)
 * @param leadIn      event time played live before CUTOVER STARTED; everything earlier (preparation, rehearsals,
 *                    the full and incremental syncs) is published at once as history
 * @param maxPause    the longest wall-clock wait between two events of the observation period: a quiet stretch
 *                    (a night between two observation days) is skipped rather than waited out
 */
@ConfigurationProperties("monitor.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("120") double speed,
        @DefaultValue("600") double observationSpeed,
        @DefaultValue("oms-demo") String migrationId,
        @DefaultValue("20251220") long seed,
        @DefaultValue("PT1H") Duration leadIn,
        @DefaultValue("2s") Duration maxPause,
        @DefaultValue("60s") Duration decisionHold) {

    public DemoProperties {
        if (!(speed > 0) || !(observationSpeed > 0)) {
            throw new IllegalArgumentException("monitor.demo.speed and monitor.demo.observation-speed must be > 0, was "
                    + speed + " and " + observationSpeed);
        }
        if (migrationId == null || migrationId.isBlank()) {
            throw new IllegalArgumentException("monitor.demo.migration-id must not be blank");
        }
        if (leadIn.isNegative() || maxPause.isNegative() || decisionHold.isNegative()) {
            throw new IllegalArgumentException(
                    "monitor.demo.lead-in, monitor.demo.max-pause and monitor.demo.decision-hold must not be negative");
        }
    }
}
