package io.cutovermonitor.service.support;

import io.cutovermonitor.service.CutoverMonitorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.List;

/**
 * The real parts a test runs the service against: a KRaft broker with the service's topics, and the ledger on the
 * real PostgreSQL in a schema of its own. The service can be started and stopped on them again and again, as an
 * operator would restart it.
 */
public final class Testbed implements AutoCloseable {

    private final String bootstrapServers;
    private final AutoCloseable broker;
    private final PostgresSchema schema;

    private Testbed(String bootstrapServers, AutoCloseable broker, String schemaPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.schema = new PostgresSchema(schemaPrefix);
    }

    /** The broker in this JVM, its topics created up front. */
    public static Testbed start(String schemaPrefix) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, "migration.telemetry",
                "migration.telemetry.dlt", "migration.alerts");
        broker.brokerListProperty("cutover.test.kafka"); // never leak spring.kafka.bootstrap-servers to other tests
        broker.afterPropertiesSet();
        return new Testbed(broker.getBrokersAsString(), broker::destroy, schemaPrefix);
    }

    /**
     * A broker in a process of its own, which the test may kill and start again; the service creates its topics
     * there. The broker is stopped when the testbed closes.
     */
    public static Testbed on(BrokerProcess broker, String schemaPrefix) {
        return new Testbed(broker.bootstrapServers(), broker, schemaPrefix);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public PostgresSchema schema() {
        return schema;
    }

    /**
     * Starts the service on this broker and schema. Command-line arguments, because they take precedence over
     * application.yaml, as an operator's would.
     */
    public ConfigurableApplicationContext startService(String... moreArguments) {
        return start(schema, schema.url(), moreArguments);
    }

    /**
     * Starts the service on this broker with its ledger in another schema: a second, independent ledger of the
     * same history (a replay). The caller drops that schema.
     */
    public ConfigurableApplicationContext startService(PostgresSchema ledger, String... moreArguments) {
        return start(ledger, ledger.url(), moreArguments);
    }

    /** Starts the service with its datasource pointed at the schema through {@code database}, not directly. */
    public ConfigurableApplicationContext startServiceThrough(TcpProxy database, String... moreArguments) {
        return start(schema, schema.url(database.address()), moreArguments);
    }

    /** The HTTP port a service started here listens on. */
    public static int httpPort(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private ConfigurableApplicationContext start(PostgresSchema ledger, String datasourceUrl, String... moreArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.datasource.url=" + datasourceUrl,
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.flyway.schemas=" + ledger.name(),
                "--server.port=0"));
        arguments.addAll(List.of(moreArguments));
        return new SpringApplicationBuilder(CutoverMonitorApplication.class).run(arguments.toArray(String[]::new));
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not stop", e);
        } finally {
            schema.drop();
        }
    }
}
