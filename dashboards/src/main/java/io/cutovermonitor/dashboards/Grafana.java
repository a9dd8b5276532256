package io.cutovermonitor.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small builder for Grafana dashboard JSON (schemaVersion 39, Grafana 10.4 / 11): just the parts these
 * dashboards use. Every panel and query takes its data source from the {@code ${datasource}} template variable;
 * nothing here can write a fixed data source UID.
 */
final class Grafana {

    static final int SCHEMA_VERSION = 39;
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Grafana() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The data source reference every panel, query, variable and annotation uses. */
    static ObjectNode datasource() {
        return object().put("type", "prometheus").put("uid", "${datasource}");
    }

    static String render(JsonNode dashboard) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard) + "\n";
    }

    /** A link shown on a panel's header or on a field's values. */
    record Link(String title, String url, boolean newTab) {
        ObjectNode json() {
            return object().put("title", title).put("url", url).put("targetBlank", newTab);
        }
    }

    static final class Dashboard {
        private final ObjectNode root = object();
        private final ArrayNode variables = array();
        private final ArrayNode annotations = array();
        private final ArrayNode links = array();
        private final List<Panel> panels = new ArrayList<>();

        Dashboard(String uid, String title, String description) {
            root.put("uid", uid);
            root.put("title", title);
            root.put("description", description);
            root.putArray("tags").add("cutover-monitor");
            root.put("editable", true);
            root.put("graphTooltip", 1);
            root.put("liveNow", false);
            root.put("refresh", "30s");
            root.put("schemaVersion", SCHEMA_VERSION);
            root.put("timezone", "browser");
            root.putObject("time").put("from", "now-12h").put("to", "now");
            root.putObject("timepicker");
            root.put("fiscalYearStartMonth", 0);
            root.put("weekStart", "");
            root.put("version", 1);
        }

        /** The Prometheus data source to read from: a variable, so no UID is ever fixed in the JSON. */
        Dashboard datasourceVariable() {
            ObjectNode v = variables.addObject();
            v.put("name", "datasource");
            v.put("label", "Data source");
            v.put("type", "datasource");
            v.put("query", "prometheus");
            v.put("regex", "");
            v.put("hide", 0);
            v.put("refresh", 1);
            v.put("includeAll", false);
            v.put("multi", false);
            v.putObject("current");
            v.putArray("options");
            return this;
        }

        /** {@code $migration}: the tracked migrations, from migration_info. */
        Dashboard migrationVariable(boolean multi) {
            String query = "label_values(migration_info, migration)";
            ObjectNode v = variables.addObject();
            v.put("name", "migration");
            v.put("label", "Migration");
            v.put("type", "query");
            v.set("datasource", datasource());
            v.put("definition", query);
            v.putObject("query").put("qryType", 1).put("query", query)
                    .put("refId", "PrometheusVariableQueryEditor-VariableQuery");
            v.put("refresh", 2);
            v.put("regex", "");
            v.put("sort", 1);
            v.put("hide", 0);
            v.put("multi", multi);
            v.put("includeAll", multi);
            if (multi) {
                v.put("allValue", ".+");
                v.putObject("current").put("selected", true)
                        .set("text", array().add("All"));
                ((ObjectNode) v.get("current")).set("value", array().add("$__all"));
            } else {
                v.putObject("current");
            }
            v.putArray("options");
            return this;
        }

        /** A text box with a default: where the operator's browser reaches the monitor's HTTP API. */
        Dashboard textVariable(String name, String label, String defaultValue, String description) {
            ObjectNode v = variables.addObject();
            v.put("name", name);
            v.put("label", label);
            v.put("description", description);
            v.put("type", "textbox");
            v.put("query", defaultValue);
            v.put("hide", 0);
            v.putObject("current").put("selected", false).put("text", defaultValue).put("value", defaultValue);
            v.putArray("options").addObject().put("selected", true).put("text", defaultValue)
                    .put("value", defaultValue);
            return this;
        }

        /** An annotation drawn from a Prometheus query: one mark per step where the query returns a series. */
        Dashboard annotation(String name, String color, String expr, String title, String text, String tagKeys) {
            ObjectNode a = annotations.addObject();
            a.put("name", name);
            a.set("datasource", datasource());
            a.put("enable", true);
            a.put("hide", false);
            a.put("iconColor", color);
            a.put("expr", expr);
            a.put("step", "60s");
            a.put("titleFormat", title);
            a.put("textFormat", text);
            a.put("tagKeys", tagKeys);
            a.put("useValueForTime", false);
            return this;
        }

        Dashboard dashboardLinks() {
            links.addObject().put("title", "Cutover Monitor").put("type", "dashboards").put("asDropdown", false)
                    .put("includeVars", true).put("keepTime", true).put("targetBlank", false)
                    .put("icon", "external link").put("tooltip", "").put("url", "")
                    .set("tags", array().add("cutover-monitor"));
            return this;
        }

        Dashboard link(String title, String url, String tooltip) {
            links.addObject().put("title", title).put("type", "link").put("url", url).put("tooltip", tooltip)
                    .put("targetBlank", true).put("asDropdown", false).put("includeVars", false)
                    .put("keepTime", false).put("icon", "doc").set("tags", array());
            return this;
        }

        Dashboard row(String title) {
            panels.add(Panel.row(title));
            return this;
        }

        Dashboard add(Panel panel) {
            panels.add(panel);
            return this;
        }

        /**
         * Lays the panels out left to right in a 24-column grid, wrapping when a panel does not fit; a row
         * starts on a line of its own.
         */
        ObjectNode build() {
            root.putObject("annotations").set("list", annotations);
            root.set("links", links);
            root.putObject("templating").set("list", variables);
            ArrayNode out = root.putArray("panels");
            int x = 0;
            int y = 0;
            int lineHeight = 0;
            int id = 1;
            for (Panel p : panels) {
                if (p.isRow() || x + p.width > 24) {
                    y += lineHeight;
                    x = 0;
                    lineHeight = 0;
                }
                out.add(p.build(id++, x, y));
                x += p.width;
                lineHeight = Math.max(lineHeight, p.height);
                if (p.isRow()) {
                    y += p.height;
                    x = 0;
                    lineHeight = 0;
                }
            }
            return root;
        }
    }

    static final class Panel {
        private final String type;
        private final String title;
        private final int width;
        private final int height;
        private final ObjectNode json = object();
        private final ArrayNode targets = array();
        private final ObjectNode defaults = object();
        private final ArrayNode overrides = array();
        private final ArrayNode links = array();
        private final ArrayNode transformations = array();
        private final ObjectNode options = object();

        private Panel(String type, String title, int width, int height) {
            this.type = type;
            this.title = title;
            this.width = width;
            this.height = height;
        }

        static Panel of(String type, String title, int width, int height) {
            return new Panel(type, title, width, height);
        }

        static Panel row(String title) {
            return new Panel("row", title, 24, 1);
        }

        boolean isRow() {
            return type.equals("row");
        }

        Panel description(String text) {
            json.put("description", text);
            return this;
        }

        /** A range query (a time series). */
        Panel query(String expr, String legend) {
            return target(expr, legend, false, "time_series");
        }

        /** An instant query at the end of the range. */
        Panel instant(String expr, String legend) {
            return target(expr, legend, true, "time_series");
        }

        /** An instant query as a table (labels as columns), for table panels. */
        Panel table(String expr) {
            return target(expr, "__auto", true, "table");
        }

        private Panel target(String expr, String legend, boolean instant, String format) {
            ObjectNode t = targets.addObject();
            t.set("datasource", datasource());
            t.put("refId", String.valueOf((char) ('A' + targets.size() - 1)));
            t.put("editorMode", "code");
            t.put("expr", expr);
            t.put("legendFormat", legend);
            t.put("range", !instant);
            t.put("instant", instant);
            t.put("format", format);
            return this;
        }

        Panel unit(String unit) {
            defaults.put("unit", unit);
            return this;
        }

        Panel decimals(int decimals) {
            defaults.put("decimals", decimals);
            return this;
        }

        Panel min(double min) {
            defaults.put("min", min);
            return this;
        }

        Panel max(double max) {
            defaults.put("max", max);
            return this;
        }

        Panel noValue(String text) {
            defaults.put("noValue", text);
            return this;
        }

        /** Thresholds as a base colour then (value, colour) pairs, e.g. {@code "green", 1, "orange", 3, "red"}. */
        Panel thresholds(Object... steps) {
            defaults.set("thresholds", thresholdsJson(steps));
            defaults.putObject("color").put("mode", "thresholds");
            return this;
        }

        private static ObjectNode thresholdsJson(Object... steps) {
            ObjectNode t = object().put("mode", "absolute");
            ArrayNode list = t.putArray("steps");
            list.addObject().put("color", (String) steps[0]).putNull("value");
            for (int i = 1; i + 1 < steps.length; i += 2) {
                list.addObject().put("color", (String) steps[i + 1]).put("value", ((Number) steps[i]).doubleValue());
            }
            return t;
        }

        /** Value mappings: (value, text, colour) triples. */
        Panel mappings(Object... triples) {
            defaults.set("mappings", mappingsJson(triples));
            return this;
        }

        private static ArrayNode mappingsJson(Object... triples) {
            ObjectNode map = object();
            for (int i = 0; i + 2 < triples.length; i += 3) {
                map.putObject(String.valueOf(triples[i])).put("text", (String) triples[i + 1])
                        .put("color", (String) triples[i + 2]).put("index", i / 3);
            }
            ArrayNode mappings = array();
            mappings.addObject().put("type", "value").set("options", map);
            return mappings;
        }

        Panel custom(String key, Object value) {
            ObjectNode c = defaults.has("custom") ? (ObjectNode) defaults.get("custom") : defaults.putObject("custom");
            putAny(c, key, value);
            return this;
        }

        Panel option(String key, Object value) {
            putAny(options, key, value);
            return this;
        }

        ObjectNode options() {
            return options;
        }

        /** The reduce options of stat, gauge and bar gauge panels. */
        Panel reduce(String calc, boolean allValues) {
            options.putObject("reduceOptions").put("values", allValues).put("fields", "")
                    .set("calcs", array().add(calc));
            return this;
        }

        /** A link in the panel header. */
        Panel link(Link link) {
            links.add(link.json());
            return this;
        }

        /** A data link on every value of the panel. */
        Panel dataLink(Link link) {
            ArrayNode l = defaults.has("links") ? (ArrayNode) defaults.get("links") : defaults.putArray("links");
            l.add(link.json());
            return this;
        }

        /** Override properties of the fields matched by name ({@code byName}) or pattern ({@code byRegexp}). */
        Panel override(String matcher, String pattern, Consumer<Override> properties) {
            ObjectNode o = overrides.addObject();
            o.putObject("matcher").put("id", matcher).put("options", pattern);
            Override props = new Override(o.putArray("properties"));
            properties.accept(props);
            return this;
        }

        Panel transform(String id, ObjectNode options) {
            transformations.addObject().put("id", id).set("options", options);
            return this;
        }

        ObjectNode build(int id, int x, int y) {
            json.put("id", id);
            json.put("type", type);
            json.put("title", title);
            json.putObject("gridPos").put("h", height).put("w", width).put("x", x).put("y", y);
            if (isRow()) {
                json.put("collapsed", false);
                json.putArray("panels");
                return json;
            }
            json.set("datasource", datasource());
            json.set("targets", targets);
            if (!defaults.has("thresholds")) {
                defaults.set("thresholds", thresholdsJson("green"));
            }
            if (!defaults.has("mappings")) {
                defaults.putArray("mappings");
            }
            json.putObject("fieldConfig").set("defaults", defaults).set("overrides", overrides);
            json.set("options", options);
            json.set("links", links);
            json.set("transformations", transformations);
            return json;
        }
    }

    /** The properties of one field override. */
    static final class Override {
        private final ArrayNode properties;

        private Override(ArrayNode properties) {
            this.properties = properties;
        }

        Override set(String id, Object value) {
            ObjectNode p = properties.addObject().put("id", id);
            putAny(p, "value", value);
            return this;
        }

        Override fixedColor(String color) {
            return set("color", object().put("mode", "fixed").put("fixedColor", color));
        }

        Override thresholds(Object... steps) {
            return set("thresholds", Panel.thresholdsJson(steps));
        }

        Override mappings(Object... triples) {
            return set("mappings", Panel.mappingsJson(triples));
        }

        Override dashed() {
            return set("custom.lineStyle", object().put("fill", "dash").set("dash", array().add(10).add(10)));
        }

        Override links(Link... links) {
            ArrayNode a = array();
            for (Link l : links) {
                a.add(l.json());
            }
            return set("links", a);
        }
    }

    private static void putAny(ObjectNode node, String key, Object value) {
        if (value instanceof JsonNode j) {
            node.set(key, j);
        } else if (value instanceof String s) {
            node.put(key, s);
        } else if (value instanceof Boolean b) {
            node.put(key, b);
        } else if (value instanceof Integer i) {
            node.put(key, i);
        } else if (value instanceof Number n) {
            node.put(key, n.doubleValue());
        } else {
            throw new IllegalArgumentException("unsupported value " + value);
        }
    }
}
