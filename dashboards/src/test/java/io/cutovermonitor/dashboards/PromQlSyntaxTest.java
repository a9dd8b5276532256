package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard query is valid PromQL, as judged by a real Prometheus's parser (Grafana's variables replaced
 * by the values Grafana would put there). The rules' expressions are checked by promtool (PrometheusRulesTest).
 */
class PromQlSyntaxTest {

    @Test
    void everyDashboardQueryParses(@TempDir Path work) throws Exception {
        List<DashboardJson.Query> queries = DashboardJson.queries();
        assertThat(queries).hasSizeGreaterThan(40);
        List<String> invalid = new ArrayList<>();
        try (RealPrometheus prometheus = new RealPrometheus(work)) {
            // the check itself: a broken expression is refused
            assertThat(prometheus.query("max by (migration (migration_info)").status()).isEqualTo(400);
            for (DashboardJson.Query q : queries) {
                RealPrometheus.Response r = prometheus.query(MetricNames.substituteGrafanaVariables(q.expr()));
                if (r.status() != 200) {
                    invalid.add(q.dashboard() + " " + q.where() + ": " + r.body() + "\n    " + q.expr());
                }
            }
        }
        assertThat(invalid).as("queries Prometheus refuses").isEmpty();
    }
}
