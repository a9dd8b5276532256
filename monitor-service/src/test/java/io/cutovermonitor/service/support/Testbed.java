package io.cutovermonitor.service.support;

import io.cutovermonitor.service.CutoverMonitorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.List;

/**
 * The real parts a test runs the service against: a KRaft broker in-process with the service's topics, and the
 * ledger on the real PostgreSQL in a schema of its own. The service can be started and stopped on them again and
 * again, as an operator would restart it.
 */
public final class Testbed implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final PostgresSchema schema;

    private Testbed(String schemaPrefix) {
        broker = new EmbeddedKafkaKraftBroker(1, 3, "migration.telemetry", "migration.telemetry.dlt", "migration.alerts");
        broker.brokerListProperty("cutover.test.kafka"); // never leak spring.kafka.bootstrap-servers to other tests
        broker.afterPropertiesSet();
        schema = new PostgresSchema(schemaPrefix);
    }

    public static Testbed start(String schemaPrefix) {
        return new Testbed(schemaPrefix);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public PostgresSchema schema() {
        return schema;
    }

    /**
     * Starts the service on this broker and schema. Command-line arguments, because they take precedence over
     * application.yaml, as an operator's would.
     */
    public ConfigurableApplicationContext startService(String... moreArguments) {
        return startService(schema, moreArguments);
    }

    /**
     * Starts the service on this broker with its ledger in another schema: a second, independent ledger of the
     * same history (a replay). The caller drops that schema.
     */
    public ConfigurableApplicationContext startService(PostgresSchema ledger, String... moreArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + ledger.url(),
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.flyway.schemas=" + ledger.name(),
                "--server.port=0"));
        arguments.addAll(List.of(moreArguments));
        return new SpringApplicationBuilder(CutoverMonitorApplication.class).run(arguments.toArray(String[]::new));
    }

    @Override
    public void close() {
        broker.destroy();
        schema.drop();
    }
}
