package io.cutovermonitor.service.broker;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the embedded broker should run: {@code monitor.broker.enabled=true}, or {@code monitor.broker.enabled}
 * unset and no {@code spring.kafka.bootstrap-servers} configured (relaxed names and environment variables count).
 */
final class EmbeddedBrokerCondition extends SpringBootCondition {

    static final String ENABLED = BrokerProperties.PREFIX + ".enabled";
    static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        Boolean enabled = Binder.get(environment).bind(ENABLED, Boolean.class).orElse(null);
        if (enabled != null) {
            return new ConditionOutcome(enabled, ENABLED + "=" + enabled);
        }
        return bootstrapServersConfigured(environment)
                ? ConditionOutcome.noMatch(BOOTSTRAP_SERVERS + " is configured: using that Kafka")
                : ConditionOutcome.match("no " + BOOTSTRAP_SERVERS + " configured: starting the embedded broker");
    }

    static boolean bootstrapServersConfigured(Environment environment) {
        List<String> servers = Binder.get(environment)
                .bind(BOOTSTRAP_SERVERS, Bindable.listOf(String.class))
                .orElse(List.of());
        return servers.stream().anyMatch(server -> server != null && !server.isBlank());
    }
}
