package io.cutovermonitor.service.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names of the service's Kafka topics ({@code monitor.topics.*}), shared by the broker setup, ingest and alerting.
 *
 * @param telemetry  the replayable input history (key = migration id)
 * @param deadLetter records that were not applied, with the reason in a header
 * @param alerts     alerts the service raises
 */
@ConfigurationProperties("monitor.topics")
public record TopicNames(
        @DefaultValue("migration.telemetry") String telemetry,
        @DefaultValue("migration.telemetry.dlt") String deadLetter,
        @DefaultValue("migration.alerts") String alerts) {
}
