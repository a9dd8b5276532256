package io.cutovermonitor.service.broker;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no Kafka configured, an in-process single-node KRaft broker serves the application and
 * outside tools (kcat, scripts) on {@code monitor.broker.host:port}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedBrokerCondition.class)
class EmbeddedBrokerConfiguration {

    @Bean
    static EmbeddedBrokerEnvironment embeddedBrokerEnvironment() {
        return new EmbeddedBrokerEnvironment();
    }

    /** Started when created (before any Kafka client bean), stopped with a controlled shutdown on context close. */
    @Bean(destroyMethod = "close")
    EmbeddedKafkaServer embeddedKafkaServer(BrokerProperties settings) {
        return new EmbeddedKafkaServer(settings).start();
    }

    @Bean
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaServer server) {
        return new EmbeddedKafkaConnectionDetails(server);
    }
}
