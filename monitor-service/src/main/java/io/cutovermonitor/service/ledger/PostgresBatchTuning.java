package io.cutovermonitor.service.ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, lets the driver rewrite a batch of ledger inserts into multi-row statements: the ledger is written
 * in batches of up to 2,000 events, and one round trip per batch instead of one per row is what keeps ingest near
 * the rate Kafka delivers. Other databases get no driver-specific property.
 */
@Component
class PostgresBatchTuning implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return bean;
    }
}
