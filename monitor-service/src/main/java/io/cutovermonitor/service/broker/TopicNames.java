package io.cutovermonitor.service.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The Kafka topics of the monitor: telemetry in, rejected records out, alerts out. */
@ConfigurationProperties("monitor.topics")
public record TopicNames(@DefaultValue("migration.telemetry") String telemetry,
                         @DefaultValue("migration.telemetry.dlt") String deadLetter,
                         @DefaultValue("migration.alerts") String alerts) {
}
