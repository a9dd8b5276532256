package io.cutovermonitor.service.reconcile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * The databases the service may reconcile, by name. A request names them ({@code "source": "oms-oracle"}); their
 * URLs, users and passwords come only from configuration or the environment
 * ({@code MONITOR_RECONCILIATION_CONNECTIONS_OMSORACLE_PASSWORD}), never from a request, so no secret travels in an
 * HTTP body and no person can point the service at a host of their choosing.
 *
 * @param connections name to JDBC connection
 */
@ConfigurationProperties("monitor.reconciliation")
record ReconciliationProperties(@DefaultValue Map<String, Connection> connections) {

    /** A JDBC connection: any driver on the class path (PostgreSQL, MariaDB/MySQL, or one added, Oracle). */
    record Connection(String url, String user, String password) {

        @Override
        public String toString() {
            return "Connection[url=" + url + ", user=" + user + "]";
        }
    }
}
