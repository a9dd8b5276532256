package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins the lexical metric-name extraction the contract checks rely on. */
class MetricNamesTest {

    @Test
    void readsEveryMetricOfTheContractWithItsLabels() {
        MetricNames docs = MetricNames.fromDocs();
        assertThat(docs.metrics()).containsKeys("migration_info", "migration_rule_firing", "migration_jobs_total",
                "migration_event_processing_seconds");
        assertThat(docs.metrics().get("migration_tables").labels()).containsExactly("migration", "state");
        assertThat(docs.metrics().get("migration_events_total").labels()).containsExactly("type", "outcome");
        assertThat(docs.metrics().get("migration_event_processing_seconds").labels()).isEmpty();
        assertThat(docs.metrics().get("migration_ingest_stalled_seconds").labels()).containsExactly("partition");
        assertThat(docs.allowed("migration_event_processing_seconds_bucket")).isTrue();
        assertThat(docs.allowed("migration_info_bucket")).isFalse();
        assertThat(docs.allowed("migration_rules_firing")).isFalse();
    }

    @Test
    void findsMetricsNotFunctionsKeywordsLabelsOrDurations() {
        assertThat(MetricNames.namesIn("max by (migration, rule) (migration_rule_firing{rule=~\"a|b\"}) == 1"))
                .containsExactly("migration_rule_firing");
        assertThat(MetricNames.namesIn("histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket[$__rate_interval])))"))
                .containsExactly("x_seconds_bucket");
        assertThat(MetricNames.namesIn("(a + on (migration) b) - on (migration) c offset 5m or vector(0)"))
                .containsExactly("a", "b", "c");
        assertThat(MetricNames.namesIn("time() - max(x) > 6e2 and on (m) y unless z offset $__range"))
                .containsExactly("x", "y", "z");
        assertThat(MetricNames.namesIn("sum(a) by (job) / ignoring (outcome) group_left (plan) b"))
                .containsExactly("a", "b");
        assertThat(MetricNames.namesIn("up{job=\"cutover-monitor\"} == 0")).containsExactly("up");
    }

    @Test
    void findsTheLabelsEachSelectorMatchesOn() {
        assertThat(MetricNames.selectorLabels("a{migration=\"$migration\", state!~\"x\"} / b{rule=\"a,b=c\"}"))
                .containsEntry("a", java.util.Set.of("migration", "state"))
                .containsEntry("b", java.util.Set.of("rule"));
    }
}
