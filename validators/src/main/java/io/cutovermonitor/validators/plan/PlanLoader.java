package io.cutovermonitor.validators.plan;

import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.plan.MigrationPlan.Cutover;
import io.cutovermonitor.validators.plan.MigrationPlan.Integrity;
import io.cutovermonitor.validators.plan.MigrationPlan.Observation;
import io.cutovermonitor.validators.plan.MigrationPlan.PlannedCheck;
import io.cutovermonitor.validators.plan.MigrationPlan.ReconciliationSchedule;
import io.cutovermonitor.validators.plan.MigrationPlan.RollbackProcedure;
import io.cutovermonitor.validators.plan.MigrationPlan.Telemetry;
import io.cutovermonitor.validators.plan.MigrationPlan.Throughput;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a migration plan from YAML (or JSON, which is YAML too but read with the JSON parser for exact errors).
 * A setting left out takes the OMS default; a setting the plan does not know, a value of the wrong type, a zero
 * or negative duration, or a reference to a table or check the plan does not list is refused with its line.
 */
public final class PlanLoader {

    private static final TokenStreamFactory YAML = new YAMLFactory();
    private static final TokenStreamFactory JSON = new JsonFactory();

    private PlanLoader() {
    }

    /** Loads a plan file; {@code .json} files are read as JSON, anything else as YAML. */
    public static MigrationPlan load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String fallbackName = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
            return file.toString().endsWith(".json") ? fromJson(text, fallbackName) : fromYaml(text, fallbackName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan " + file, e);
        }
    }

    public static MigrationPlan fromYaml(String text, String fallbackName) {
        return read(PlanNode.parse(YAML, text), fallbackName);
    }

    public static MigrationPlan fromJson(String text, String fallbackName) {
        return read(PlanNode.parse(JSON, text), fallbackName);
    }

    /** Reads either: a document starting with '{' is JSON, anything else YAML. */
    public static MigrationPlan fromText(String text, String fallbackName) {
        return text.stripLeading().startsWith("{") ? fromJson(text, fallbackName) : fromYaml(text, fallbackName);
    }

    private static MigrationPlan read(PlanNode root, String fallbackName) {
        MigrationPlan d = MigrationPlan.defaults();
        Section plan = Section.of(root, "migration", "description", "integrity", "cutover", "throughput",
                "coreFunctions", "observation", "telemetry", "rollback", "tables", "jobs", "checks", "reconciliation");

        Section integrity = plan.section("integrity", "errors", "confirmDelay", "pairTimeout");
        Section errors = integrity.section("errors", "threshold", "window");
        Integrity integritySettings = new Integrity(
                errors.positiveInt("threshold", d.integrity().errorsThreshold()),
                errors.duration("window", d.integrity().errorsWindow()),
                integrity.duration("confirmDelay", d.integrity().confirmDelay()),
                integrity.duration("pairTimeout", d.integrity().pairTimeout()));

        Section cutover = plan.section("cutover", "maxDuration", "maintenanceWindow", "windowReserveFactor",
                "projectionLookback");
        Cutover cutoverSettings = new Cutover(
                cutover.duration("maxDuration", d.cutover().maxDuration()),
                cutover.duration("maintenanceWindow", d.cutover().maintenanceWindow()),
                cutover.positiveNumber("windowReserveFactor", d.cutover().windowReserveFactor()),
                cutover.duration("projectionLookback", d.cutover().projectionLookback()));

        Section throughput = plan.section("throughput", "targetPerHour", "for");
        Throughput throughputSettings = new Throughput(
                throughput.positiveInt("targetPerHour", (int) d.throughput().targetPerHour()),
                throughput.duration("for", d.throughput().belowFor()));

        Section observation = plan.section("observation", "days");
        Section telemetry = plan.section("telemetry", "silence", "liveThreshold", "maxLateness");
        Telemetry telemetrySettings = new Telemetry(telemetry.duration("silence", d.telemetry().silence()),
                telemetry.duration("liveThreshold", d.telemetry().liveThreshold()),
                telemetry.duration("maxLateness", d.telemetry().maxLateness()));

        List<String> tables = plan.names("tables", d.tables());
        List<String> jobs = readJobs(plan, tables, d.jobs());
        List<PlannedCheck> checks = readChecks(plan, d.checks());
        List<String> coreFunctions = readCoreFunctions(plan, checks, d.coreFunctions());

        return new MigrationPlan(plan.text("migration", fallbackName), integritySettings, cutoverSettings,
                throughputSettings, coreFunctions, new Observation(observation.positiveInt("days",
                d.observation().days())), telemetrySettings, readRollback(plan, d.rollback()), tables, jobs, checks,
                false, readReconciliation(plan, tables));
    }

    /** The reconciliations the monitor runs itself; none without the section. */
    private static ReconciliationSchedule readReconciliation(Section plan, List<String> tables) {
        if (plan.child("reconciliation") == null) {
            return null;
        }
        Section r = plan.section("reconciliation", "source", "target", "sourceSchema", "targetSchema", "tables",
                "observationEvery", "recheckDelay");
        return new ReconciliationSchedule(r.requiredText("source"), r.requiredText("target"),
                r.text("sourceSchema", null), r.text("targetSchema", null), r.names("tables", tables),
                r.duration("observationEvery", null), r.duration("recheckDelay", null));
    }

    /** Jobs: a name, or {name, tables: [...]} naming the tables the job writes (which the plan must list). */
    private static List<String> readJobs(Section plan, List<String> tables, List<String> fallback) {
        PlanNode node = plan.child("jobs");
        if (node == null) {
            return fallback;
        }
        List<String> jobs = new ArrayList<>();
        for (PlanNode item : Section.list(node)) {
            if (item.value() instanceof String name) {
                jobs.add(name);
                continue;
            }
            Section job = Section.of(item, "name", "tables");
            jobs.add(job.requiredText("name"));
            PlanNode writes = job.child("tables");
            if (writes != null) {
                for (PlanNode table : Section.list(writes)) {
                    String name = Section.text(table);
                    if (!tables.contains(name)) {
                        throw table.problem("names table '" + name + "', which is not in the plan's tables "
                                + tables);
                    }
                }
            }
        }
        return unique(node, jobs);
    }

    private static List<PlannedCheck> readChecks(Section plan, List<PlannedCheck> fallback) {
        PlanNode node = plan.child("checks");
        if (node == null) {
            return fallback;
        }
        List<PlannedCheck> checks = new ArrayList<>();
        for (PlanNode item : Section.list(node)) {
            Section check = Section.of(item, "name", "kind");
            checks.add(new PlannedCheck(check.requiredText("name"), check.enumValue("kind", CheckKind.class)));
        }
        unique(node, checks.stream().map(PlannedCheck::name).toList());
        return checks;
    }

    private static List<String> readCoreFunctions(Section plan, List<PlannedCheck> checks, List<String> fallback) {
        PlanNode node = plan.child("coreFunctions");
        if (node == null) {
            return fallback;
        }
        List<String> core = new ArrayList<>();
        for (PlanNode item : Section.list(node)) {
            String name = Section.text(item);
            boolean isFunction = checks.stream().anyMatch(c -> c.name().equals(name) && c.kind() == CheckKind.FUNCTION);
            if (!isFunction) {
                throw item.problem("names '" + name + "', which is not a FUNCTION check of the plan");
            }
            core.add(name);
        }
        return unique(node, core);
    }

    private static Map<String, RollbackProcedure> readRollback(Section plan, Map<String, RollbackProcedure> fallback) {
        Map<String, RollbackProcedure> procedures = new LinkedHashMap<>(fallback);
        PlanNode node = plan.child("rollback");
        if (node == null) {
            return procedures;
        }
        Section rollback = Section.of(node, MigrationPlan.ROLLBACK_RULES.toArray(String[]::new));
        for (String rule : MigrationPlan.ROLLBACK_RULES) {
            if (rollback.child(rule) == null) {
                continue;
            }
            Section procedure = rollback.section(rule, "decisionMaker", "respondWithin", "steps");
            RollbackProcedure base = fallback.get(rule);
            procedures.put(rule, new RollbackProcedure(procedure.text("decisionMaker", base.decisionMaker()),
                    procedure.duration("respondWithin", base.respondWithin()),
                    procedure.names("steps", base.steps())));
        }
        return procedures;
    }

    private static List<String> unique(PlanNode node, List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw node.problem("lists '" + name + "' twice");
            }
        }
        return names;
    }

    /** One mapping of the plan, knowing which settings it allows. */
    private record Section(PlanNode node, Map<String, PlanNode> fields) {

        static Section of(PlanNode node, String... allowed) {
            if (!(node.value() instanceof Map<?, ?> map)) {
                throw node.problem("must be a mapping of settings, not " + describe(node));
            }
            @SuppressWarnings("unchecked")
            Map<String, PlanNode> fields = (Map<String, PlanNode>) map;
            List<String> known = Arrays.asList(allowed);
            for (PlanNode field : fields.values()) {
                String name = field.path().substring(field.path().lastIndexOf('.') + 1);
                if (!known.contains(name)) {
                    throw new PlanException(field.line(), "unknown setting '" + field.path() + "' (known here: "
                            + String.join(", ", known) + ")");
                }
            }
            return new Section(node, fields);
        }

        static List<PlanNode> list(PlanNode node) {
            if (!(node.value() instanceof List<?> items)) {
                throw node.problem("must be a list, not " + describe(node));
            }
            @SuppressWarnings("unchecked")
            List<PlanNode> nodes = (List<PlanNode>) items;
            return nodes;
        }

        static String text(PlanNode node) {
            if (!(node.value() instanceof String s) || s.isBlank()) {
                throw node.problem("must be a non-empty text, not " + describe(node));
            }
            return s;
        }

        PlanNode child(String name) {
            PlanNode child = fields.get(name);
            return child == null || child.value() == null ? null : child;
        }

        Section section(String name, String... allowed) {
            PlanNode child = child(name);
            return child == null ? new Section(node, Map.of()) : of(child, allowed);
        }

        String text(String name, String fallback) {
            PlanNode child = child(name);
            return child == null ? fallback : text(child);
        }

        String requiredText(String name) {
            PlanNode child = child(name);
            if (child == null) {
                throw node.problem("needs '" + name + "'");
            }
            return text(child);
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            String value = requiredText(name);
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw child(name).problem("must be one of " + Arrays.toString(type.getEnumConstants())
                        + ", not '" + value + "'");
            }
        }

        List<String> names(String name, List<String> fallback) {
            PlanNode child = child(name);
            return child == null ? fallback : unique(child, list(child).stream().map(Section::text).toList());
        }

        Duration duration(String name, Duration fallback) {
            return value(name, fallback, child -> {
                String text = text(child);
                Duration d;
                try {
                    d = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw child.problem("must be an ISO-8601 duration such as PT6H, not '" + text + "'");
                }
                if (d.isZero() || d.isNegative()) {
                    throw child.problem("must be a positive duration, not " + text);
                }
                return d;
            });
        }

        int positiveInt(String name, int fallback) {
            return value(name, fallback, child -> {
                BigDecimal n = number(child);
                if (n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                        || n.stripTrailingZeros().scale() > 0) {
                    throw child.problem("must be a positive whole number, not " + shown(n));
                }
                return n.intValueExact();
            });
        }

        double positiveNumber(String name, double fallback) {
            return value(name, fallback, child -> {
                BigDecimal n = number(child);
                double d = n.doubleValue();
                if (n.signum() <= 0 || d == 0 || Double.isInfinite(d)) {
                    throw child.problem("must be a positive number, not " + shown(n));
                }
                return d;
            });
        }

        /** The number as written for a person, short whatever its exponent ({@code 1e999999999} has a billion digits). */
        private static String shown(BigDecimal n) {
            return Math.abs((long) n.scale()) > 30 ? n.toString() : n.toPlainString();
        }

        private static BigDecimal number(PlanNode child) {
            if (!(child.value() instanceof BigDecimal n)) {
                throw child.problem("must be a number, not " + describe(child));
            }
            return n;
        }

        private <T> T value(String name, T fallback, Function<PlanNode, T> reader) {
            PlanNode child = child(name);
            return child == null ? fallback : reader.apply(child);
        }

        private static String describe(PlanNode node) {
            Object v = node.value();
            if (v instanceof Map<?, ?>) {
                return "a mapping";
            }
            if (v instanceof List<?>) {
                return "a list";
            }
            if (v instanceof String s) {
                return "the text '" + s + "'";
            }
            return String.valueOf(v);
        }
    }
}
