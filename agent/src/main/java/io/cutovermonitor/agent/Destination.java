package io.cutovermonitor.agent;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the agent's events go, and where they wait until they are there: the options of every command. */
final class Destination {

    @Option(names = "--url", description = "the monitor's base URL: events go to POST <url>/api/events, with the "
            + "INGEST account in CUTOVER_AGENT_USER and CUTOVER_AGENT_PASSWORD")
    String url;

    @Option(names = "--bootstrap-servers", description = "Kafka: events go to the telemetry topic")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "migration.telemetry", description = "default: ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--kafka-property", description = "a further producer property (security.protocol, "
            + "sasl.jaas.config, ssl.truststore.location, ...), name=value; may be repeated")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--spool", defaultValue = "${env:CUTOVER_AGENT_SPOOL:-.cutover-agent-spool}",
            description = "where events wait until the monitor has them (default: ${DEFAULT-VALUE})")
    Path spool;

    @Option(names = "--drain-timeout", defaultValue = "PT10S", description = "how long to go on sending after the "
            + "tool ended before leaving the rest in the spool for the next run (default: ${DEFAULT-VALUE})")
    java.time.Duration drainTimeout;

    Transport transport() {
        if ((url == null) == (bootstrapServers == null)) {
            throw new IllegalArgumentException("give exactly one of --url and --bootstrap-servers");
        }
        if (url != null) {
            return new HttpTransport(url, System.getenv("CUTOVER_AGENT_USER"), System.getenv("CUTOVER_AGENT_PASSWORD"));
        }
        return new KafkaTransport(bootstrapServers, topic, kafkaProperties);
    }
}
