package io.cutovermonitor.service;

import io.cutovermonitor.validators.event.EventParser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one parser of the event contract that the API, the ledger, the decision seal and the reconciler share, so
 * what is answered 202 over HTTP is what the consumer applies (the Kafka deserializer, built by Kafka, has its own).
 */
@Configuration(proxyBeanMethods = false)
class EventContractConfiguration {

    @Bean
    EventParser eventParser() {
        return new EventParser();
    }
}
