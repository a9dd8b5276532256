package io.cutovermonitor.service.e2e;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository's {@code dashboards/} module gives the operators, read from the committed files: the PromQL
 * of every dashboard panel and annotation, the alerting rules' expressions, and the metric names they use. (The
 * dashboards module has its own, stricter checks; this module cannot depend on its test classes, so the few lines
 * needed here are repeated.)
 */
final class OperatorsScreen {

    /** A PromQL expression of a dashboard: where it is and the query Prometheus gets. */
    record Query(String where, String expr) {
    }

    /** Names Prometheus itself makes, which the dashboards and rules may use beside the service's. */
    static final Set<String> PROMETHEUS_BUILT_INS = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan", "atan2", "start", "end");

    private OperatorsScreen() {
    }

    /** The repository's top directory (tests run in the module directory). */
    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("dashboards/prometheus/prometheus.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("not inside the repository: no dashboards/prometheus/prometheus.yml above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * Every panel target and annotation query of every dashboard, Grafana's variables replaced as Grafana would for
     * one migration: {@code $migration} by its id, {@code $__rate_interval} / {@code $__interval} by 1m,
     * {@code $__range} by 1h.
     */
    static List<Query> dashboardQueries(Path repository, String migration) {
        List<Query> out = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (Path file : files(repository.resolve("dashboards/grafana/dashboards"), ".json")) {
            JsonNode dashboard = json.readTree(read(file));
            String name = file.getFileName().toString();
            panels(dashboard.path("panels"), name, migration, out);
            for (JsonNode a : dashboard.path("annotations").path("list")) {
                if (a.hasNonNull("expr")) {
                    out.add(new Query(name + " annotation \"" + a.path("name").asString() + "\"",
                            substitute(a.path("expr").asString(), migration)));
                }
            }
        }
        return out;
    }

    private static void panels(JsonNode panels, String file, String migration, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Query(file + " panel \"" + panel.path("title").asString() + "\" "
                            + target.path("refId").asString(), substitute(target.path("expr").asString(), migration)));
                }
            }
            panels(panel.path("panels"), file, migration, out); // panels inside collapsed rows
        }
    }

    static String substitute(String expr, String migration) {
        String s = expr.replace("${migration}", migration).replace("$migration", migration)
                .replace("${__rate_interval}", "1m").replace("$__rate_interval", "1m")
                .replace("${__interval}", "1m").replace("$__interval", "1m")
                .replace("${__range}", "1h").replace("$__range", "1h");
        if (s.contains("$")) {
            throw new AssertionError("a Grafana variable this test does not know how to fill: " + expr);
        }
        return s;
    }

    /** The {@code expr} of every alerting rule in the rule files. */
    static List<String> ruleExpressions(Path repository) {
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<String> out = new ArrayList<>();
        for (Path file : files(repository.resolve("dashboards/prometheus/rules"), ".yml")) {
            for (JsonNode group : yaml.readTree(read(file)).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    out.add(rule.path("expr").asString());
                }
            }
        }
        return out;
    }

    /**
     * The metric names a PromQL expression uses, lexically: strings, label matchers, ranges, grouping clauses and
     * offsets removed, then every identifier that is neither a function (followed by a parenthesis) nor a keyword.
     * The same rule as the dashboards module's MetricNames, which pins it on tricky cases.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        s = s.replaceAll("\\boffset\\s+-?[0-9a-z]+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?").matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Metric names of a Prometheus text exposition (the sample lines). */
    static Set<String> exposedNames(String scrape) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (found.isEmpty()) {
                throw new AssertionError("no " + suffix + " files in " + dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
