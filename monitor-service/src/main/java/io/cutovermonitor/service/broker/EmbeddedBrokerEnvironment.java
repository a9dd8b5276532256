package io.cutovermonitor.service.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs before any ordinary bean exists (so before {@code KafkaProperties} and {@code BrokerProperties} are bound):
 * resolves port {@code 0} to a free port and publishes {@code spring.kafka.bootstrap-servers=host:port} of the
 * embedded broker, so every part of the application (Boot's Kafka auto-configuration, {@code KafkaProperties},
 * {@code @Value("${spring.kafka.bootstrap-servers}")}) sees the embedded broker.
 */
final class EmbeddedBrokerEnvironment implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String PROPERTY_SOURCE_NAME = "monitorEmbeddedBroker";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerEnvironment.class);

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        BrokerProperties settings = Binder.get(environment).bindOrCreate(BrokerProperties.PREFIX, BrokerProperties.class);
        Map<String, Object> resolved = new LinkedHashMap<>();
        int port = settings.port();
        if (port == 0) {
            port = freePort(settings.host(), -1);
            resolved.put(BrokerProperties.PREFIX + ".port", port);
        }
        if (settings.controllerPort() == 0) {
            resolved.put(BrokerProperties.PREFIX + ".controller-port", freePort(settings.host(), port));
        }
        String bootstrapServers = settings.host() + ":" + port;
        if (EmbeddedBrokerCondition.bootstrapServersConfigured(environment)) {
            log.warn("{}=true: the application uses the embedded broker {} instead of the configured {}={}",
                    EmbeddedBrokerCondition.ENABLED, bootstrapServers, EmbeddedBrokerCondition.BOOTSTRAP_SERVERS,
                    environment.getProperty(EmbeddedBrokerCondition.BOOTSTRAP_SERVERS));
        }
        resolved.put(EmbeddedBrokerCondition.BOOTSTRAP_SERVERS, bootstrapServers);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, resolved));
    }

    private static int freePort(String host, int not) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
                int port = socket.getLocalPort();
                if (port != not) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("No free port on " + host, e);
            }
        }
        throw new IllegalStateException("No free port on " + host);
    }
}
