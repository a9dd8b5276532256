package io.cutovermonitor.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** When the embedded broker runs, and what the rest of the application is told; no broker is started here. */
class EmbeddedBrokerConditionTest {

    /** {@link EmbeddedBrokerConfiguration} without the broker itself. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(EmbeddedBrokerCondition.class)
    static class Probe {

        @Bean
        static EmbeddedBrokerEnvironment embeddedBrokerEnvironment() {
            return new EmbeddedBrokerEnvironment();
        }

        @Bean
        String embeddedBrokerWouldStart() {
            return "yes";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Test
    void startsWhenNoKafkaIsConfiguredAndPublishesItsAddress() {
        runner.run(context -> {
            assertThat(context).hasBean("embeddedBrokerWouldStart");
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo("127.0.0.1:9092");
        });
    }

    @Test
    void doesNotStartWhenBootstrapServersAreConfigured() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092").run(context -> {
            assertThat(context).doesNotHaveBean("embeddedBrokerWouldStart");
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo("kafka-1:9092,kafka-2:9092");
        });
    }

    @Test
    void relaxedNamesCount() {
        runner.withPropertyValues("spring.kafka.bootstrapServers=kafka:9092")
                .run(context -> assertThat(context).doesNotHaveBean("embeddedBrokerWouldStart"));
    }

    @Test
    void blankBootstrapServersCountAsAbsent() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=")
                .run(context -> assertThat(context).hasBean("embeddedBrokerWouldStart"));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("monitor.broker.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("embeddedBrokerWouldStart"));
    }

    @Test
    void whenForcedOnTheApplicationUsesIt() {
        runner.withPropertyValues("monitor.broker.enabled=true", "spring.kafka.bootstrap-servers=kafka:9092",
                "monitor.broker.port=29092").run(context -> {
            assertThat(context).hasBean("embeddedBrokerWouldStart");
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo("127.0.0.1:29092");
        });
    }

    @Test
    void portZeroIsResolvedToFreePortsBeforeBinding() {
        runner.withPropertyValues("monitor.broker.port=0", "monitor.broker.controller-port=0").run(context -> {
            int port = context.getEnvironment().getRequiredProperty("monitor.broker.port", Integer.class);
            int controllerPort = context.getEnvironment().getRequiredProperty("monitor.broker.controller-port",
                    Integer.class);
            assertThat(port).isPositive();
            assertThat(controllerPort).isPositive().isNotEqualTo(port);
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .isEqualTo("127.0.0.1:" + port);
        });
    }
}
