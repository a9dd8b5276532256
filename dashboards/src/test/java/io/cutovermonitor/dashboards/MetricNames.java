package io.cutovermonitor.dashboards;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric contract of docs/metrics.md, and the metric names a PromQL expression uses.
 *
 * <p>The extraction is lexical: it removes strings, label matchers, ranges, grouping clauses and offsets, then
 * takes every identifier that is not a function (followed by a parenthesis) or a keyword. That is enough for
 * the expressions in this repository, and MetricNamesTest pins its behaviour on tricky cases; the real
 * Prometheus parser checks the syntax separately (PromQlSyntaxTest).
 */
final class MetricNames {

    /** Names Prometheus itself makes, which the dashboards and rules may use beside the contract. */
    static final Set<String> PROMETHEUS_BUILT_INS = Set.of("up", "ALERTS", "ALERTS_FOR_STATE",
            "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added");

    /** Labels every scraped series may carry beside those of the contract. */
    static final Set<String> SCRAPE_LABELS = Set.of("application", "instance", "job");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan", "atan2", "start", "end");

    record Metric(String name, String type, Set<String> labels) {
    }

    private final Map<String, Metric> metrics;

    private MetricNames(Map<String, Metric> metrics) {
        this.metrics = metrics;
    }

    static MetricNames fromDocs() {
        return parse(Repo.read(Repo.root().resolve("docs/metrics.md")));
    }

    /** Parses the table rows {@code | `name` | type | labels | meaning |}. */
    static MetricNames parse(String markdown) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|", Pattern.MULTILINE);
        Matcher m = row.matcher(markdown);
        while (m.find()) {
            String type = m.group(2).trim().split("\\s+")[0];
            // label values are listed in parentheses after a label: drop them, keep the backticked names
            String labelsCell = m.group(3).replaceAll("\\([^)]*\\)", "");
            Set<String> labels = new LinkedHashSet<>();
            Matcher l = Pattern.compile("`([a-zA-Z_][a-zA-Z0-9_]*)`").matcher(labelsCell);
            while (l.find()) {
                labels.add(l.group(1));
            }
            metrics.put(m.group(1), new Metric(m.group(1), type, labels));
        }
        if (metrics.isEmpty()) {
            throw new AssertionError("no metric table found in docs/metrics.md");
        }
        return new MetricNames(metrics);
    }

    Map<String, Metric> metrics() {
        return metrics;
    }

    /** The contract's metric a series name belongs to (a histogram's _bucket/_sum/_count too), or null. */
    Metric metricOf(String seriesName) {
        Metric direct = metrics.get(seriesName);
        if (direct != null) {
            return direct;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (seriesName.endsWith(suffix)) {
                Metric h = metrics.get(seriesName.substring(0, seriesName.length() - suffix.length()));
                if (h != null && h.type().equals("histogram")) {
                    return h;
                }
            }
        }
        return null;
    }

    boolean allowed(String seriesName) {
        return PROMETHEUS_BUILT_INS.contains(seriesName) || metricOf(seriesName) != null;
    }

    /** Labels a selector of this series may match on. */
    Set<String> labelsOf(String seriesName) {
        Set<String> labels = new LinkedHashSet<>(SCRAPE_LABELS);
        Metric metric = metricOf(seriesName);
        if (metric != null) {
            labels.addAll(metric.labels());
            if (seriesName.endsWith("_bucket")) {
                labels.add("le");
            }
        }
        if (seriesName.equals("ALERTS") || seriesName.equals("ALERTS_FOR_STATE")) {
            labels.addAll(Set.of("alertname", "alertstate", "severity", "action", "migration", "rule", "reason"));
        }
        return labels;
    }

    /** Grafana's variables replaced by values Prometheus accepts. */
    static String substituteGrafanaVariables(String expr) {
        return expr.replace("${migration}", "oms-cloud").replace("$migration", "oms-cloud")
                .replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h");
    }

    /** The metric names used in a PromQL expression. */
    static Set<String> namesIn(String expr) {
        String s = substituteGrafanaVariables(expr);
        s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        s = s.replaceAll("\\boffset\\s+-?[0-9a-z]+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) != null || KEYWORDS.contains(word.toLowerCase())) {
                continue;
            }
            names.add(word);
        }
        return names;
    }

    /** The selectors {@code name{…}} of an expression with the label names they match on. */
    static Map<String, Set<String>> selectorLabels(String expr) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}").matcher(expr);
        while (m.find()) {
            String body = m.group(2).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
            Set<String> labels = out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher l = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)").matcher(body);
            while (l.find()) {
                labels.add(l.group(1));
            }
        }
        return out;
    }
}
