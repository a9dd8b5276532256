package io.cutovermonitor.service.support;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For a {@code @SpringBootTest} on a {@link PostgresSchema} of its own: the schema is dropped when the service's
 * context closes, after its consumers and the alert publisher have stopped, never under a running service.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DropSchemaAfterTheService {

    @Bean
    DisposableBean dropTestSchema(org.springframework.core.env.Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        String schema = url.contains("currentSchema=") ? url.substring(url.indexOf("currentSchema=") + 14) : null;
        return () -> {
            if (schema != null) {
                PostgresSchema.drop(schema);
            }
        };
    }
}
