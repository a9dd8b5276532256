package io.cutovermonitor.dashboards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cutovermonitor.dashboards.Grafana.Dashboard;
import io.cutovermonitor.dashboards.Grafana.Link;
import io.cutovermonitor.dashboards.Grafana.Panel;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operators' screen: the Fleet, Cutover and Observation dashboards. Metric names are those of
 * docs/metrics.md and no others (DashboardsTest checks it); the data source is always {@code ${datasource}}.
 */
public final class CutoverDashboards {

    static final String FLEET_UID = "cutover-monitor-fleet";
    static final String CUTOVER_UID = "cutover-monitor-cutover";
    static final String OBSERVATION_UID = "cutover-monitor-observation";

    static final String MONITOR_URL_DEFAULT = "http://127.0.0.1:8080";

    /** Rules by severity, as SPEC section 4 fixes them (integrity-mismatch stays CRITICAL when its action drops). */
    static final String CRITICAL_RULES =
            "integrity-mismatch|integrity-errors|cutover-overrun|core-function-failure|connectivity|rollback-deadline";
    static final String WARNING_RULES =
            "cutover-projected-overrun|window-reserve|throughput-floor|observation-incident|telemetry-stale";
    static final String ROLLBACK_TRIGGERS = "integrity-errors|cutover-overrun|core-function-failure";

    /** The contract's phases, in the order of a migration (a test holds them to the event contract's). */
    private static final String[] PHASES = {"PREPARATION", "REHEARSAL", "SYNC", "CUTOVER", "ROLLBACK", "OBSERVATION"};

    static List<String> phases() {
        return List.of(PHASES);
    }

    /** The Fleet table's columns in order: (field name, header) pairs. */
    private static final String[] FLEET_COLUMNS = {"migration", "migration", "plan", "Plan",
            "default_plan", "Default plan", "phase", "Phase", "status", "Status", "Value #C", "Firing rules",
            "Value #D", "Worst severity", "Value #E", "Integrity errors", "Value #F", "Rollback at (errors)",
            "Value #G", "Errors / threshold", "Value #H", "Elapsed / limit", "Value #I", "Projected finish",
            "Value #J", "Margin to limit", "Value #K", "Margin to window", "Value #L", "Observation day"};

    private static final String[] DEADLINE_COLUMNS = {"rule", "Trigger", "Value #A", "Time left",
            "Value #B", "Deadline"};

    private static final Link REPORT = new Link("Evidence report of ${migration}",
            "${monitor_url}/api/migrations/${migration}/report", true);

    private CutoverDashboards() {
    }

    /** File name under grafana/dashboards to dashboard JSON, in a fixed order. */
    public static Map<String, ObjectNode> all() {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        all.put("fleet.json", fleet());
        all.put("cutover.json", cutover());
        all.put("observation.json", observation());
        return all;
    }

    // ---------------------------------------------------------------------------------------------------- Fleet

    static ObjectNode fleet() {
        Q q = new Q("migration=~\"$migration\"");
        Link rowReport = new Link("Evidence report of ${__data.fields.migration}",
                "${monitor_url}/api/migrations/${__data.fields.migration}/report", true);
        Link rowCutover = new Link("Cutover dashboard of ${__data.fields.migration}",
                "/d/" + CUTOVER_UID + "/cutover-monitor-cutover?var-migration=${__data.fields.migration}"
                        + "&${datasource:queryparam}&${monitor_url:queryparam}&${__url_time_range}", false);
        Link seriesReport = new Link("Evidence report of ${__field.labels.migration}",
                "${monitor_url}/api/migrations/${__field.labels.migration}/report", true);

        Dashboard d = base(FLEET_UID, "Cutover Monitor / Fleet",
                "Every migration the monitor tracks: phase, rules firing, integrity errors against the rollback "
                        + "threshold, the cutover clock and its projection. One row per migration; click a "
                        + "migration for its Cutover dashboard or its evidence report.",
                true);

        d.row("Fleet");
        d.add(stat("Migrations tracked", 4, 4)
                .instant("count(max by (migration) (migration_info{" + q.sel + "})) or vector(0)", "")
                .thresholds("blue"));
        d.add(stat("In cutover now", 4, 4)
                .instant("count(max by (migration) (" + q.m("migration_phase", "phase=\"CUTOVER\", status=\"STARTED\"")
                        + " == 1)) or vector(0)", "")
                .thresholds("blue"));
        d.add(stat("Rollback triggers firing", 4, 4)
                .description("integrity-errors, cutover-overrun, core-function-failure firing over all migrations: "
                        + "each one is a decision somebody must take within its deadline.")
                .instant("sum(max by (migration, rule) (" + q.m("migration_rule_firing", "rule=~\"" + ROLLBACK_TRIGGERS
                        + "\"") + ")) or vector(0)", "")
                .thresholds("green", 1, "red").option("colorMode", "background"));
        d.add(stat("Migrations with a critical rule firing", 4, 4)
                .instant("count(max by (migration) (" + q.m("migration_rule_firing", "rule=~\"" + CRITICAL_RULES
                        + "\"") + ") == 1) or vector(0)", "")
                .thresholds("green", 1, "red").option("colorMode", "background"));
        d.add(stat("Rollback deadlines open", 4, 4)
                .description("Rollback triggers nobody has answered yet (no ROLLBACK COMPLETED, no GO naming them).")
                .instant("count(max by (migration, rule) (migration_rollback_deadline_timestamp_seconds{" + q.sel
                        + "})) or vector(0)", "")
                .thresholds("green", 1, "orange"));
        d.add(stat("Monitor", 4, 4)
                .description("Whether Prometheus can scrape every Cutover Monitor instance (job cutover-monitor).")
                .instant("min(up{job=\"cutover-monitor\"})", "")
                .mappings(1, "UP", "green", 0, "DOWN", "red").noValue("NOT SCRAPED")
                .thresholds("red", 1, "green").option("colorMode", "background"));

        d.row("Every migration");
        Panel table = Panel.of("table", "Migrations", 24, 10)
                .description("One row per migration. Worst severity: the most severe rule firing (SPEC section 4). "
                        + "Integrity errors against the plan's rollback threshold; the cutover's elapsed time "
                        + "against its limit; the projected finish against the limit (6 h) and against the "
                        + "maintenance window (8 h): negative margin = projected to overrun.")
                .table("max by (migration, plan, default_plan) (migration_info{" + q.sel + "})")
                .table("max by (migration, phase, status) (" + q.m("migration_phase", "") + " == 1)")
                .table("sum by (migration) (max by (migration, rule) (" + q.m("migration_rule_firing", "") + "))")
                .table(worstSeverity(q))
                .table(q.max("migration_integrity_errors"))
                .table(q.max("migration_integrity_errors_threshold"))
                .table(q.max("migration_integrity_errors") + " / on (migration) "
                        + q.max("migration_integrity_errors_threshold"))
                .table(q.max("migration_cutover_elapsed_seconds") + " / on (migration) "
                        + q.max("migration_cutover_limit_seconds"))
                .table(q.max("migration_cutover_projected_finish_timestamp_seconds") + " * 1000")
                .table(margin(q, "migration_cutover_limit_seconds"))
                .table(margin(q, "migration_maintenance_window_seconds"))
                .table(q.max("migration_observation_day"))
                .transform("merge", Grafana.object())
                .transform("organize", organize(FLEET_COLUMNS, "Time", "Value #A", "Value #B"))
                .option("showHeader", true).option("cellHeight", "sm")
                .override("byName", "migration", o -> o.links(rowCutover, rowReport))
                .override("byName", "Value #C", o -> o.thresholds("green", 1, "orange")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-text")))
                .override("byName", "Value #D", o -> o.mappings(0, "OK", "green", 1, "WARNING", "orange",
                                2, "CRITICAL", "red")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background")))
                .override("byName", "Value #G", o -> o.set("unit", "percentunit")
                        .thresholds("green", 0.01, "yellow", 0.6, "orange", 1, "red").set("min", 0).set("max", 1)
                        .set("custom.cellOptions", Grafana.object().put("type", "gauge").put("mode", "basic")))
                .override("byName", "Value #H", o -> o.set("unit", "percentunit")
                        .thresholds("green", 0.75, "orange", 1, "red").set("min", 0).set("max", 1)
                        .set("custom.cellOptions", Grafana.object().put("type", "gauge").put("mode", "basic")))
                .override("byName", "Value #I", o -> o.set("unit", "dateTimeAsIso"))
                .override("byName", "Value #J", o -> o.set("unit", "s").thresholds("red", 0, "green")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-text")))
                .override("byName", "Value #K", o -> o.set("unit", "s").thresholds("red", 0, "green")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-text")));
        d.add(columnNames(table, FLEET_COLUMNS));

        d.row("Over time");
        d.add(timeseries("Integrity errors against the rollback threshold", 12, 8)
                .description("Distinct integrity errors in the current cutover's 6 h window; the dashed line is "
                        + "the plan's threshold (3): reaching it is the integrity-errors rollback trigger.")
                .query(q.max("migration_integrity_errors"), "{{migration}}")
                .query(q.max("migration_integrity_errors_threshold"), "{{migration}} threshold")
                .min(0).decimals(0)
                .override("byRegexp", ".* threshold", o -> o.fixedColor("red").dashed())
                .dataLink(seriesReport));
        d.add(timeseries("Rules firing", 12, 8)
                .query("sum by (migration) (max by (migration, rule) (" + q.m("migration_rule_firing", "") + "))",
                        "{{migration}}")
                .min(0).decimals(0).dataLink(seriesReport));
        Panel phases = Panel.of("state-timeline", "Phase", 12, 8)
                .description("The phase each migration is in (its current phase event).")
                .query(phaseCode(q), "{{migration}}")
                .option("showValue", "auto").option("mergeValues", true).option("rowHeight", 0.9)
                .option("alignValue", "left")
                .option("legend", Grafana.object().put("showLegend", false))
                .option("tooltip", Grafana.object().put("mode", "single").put("sort", "none"))
                .custom("fillOpacity", 70).custom("lineWidth", 0)
                .dataLink(seriesReport);
        Object[] phaseMappings = new Object[PHASES.length * 3];
        String[] colors = {"blue", "purple", "yellow", "orange", "red", "green"};
        for (int i = 0; i < PHASES.length; i++) {
            phaseMappings[i * 3] = i + 1;
            phaseMappings[i * 3 + 1] = PHASES[i];
            phaseMappings[i * 3 + 2] = colors[i];
        }
        phases.mappings(phaseMappings);
        d.add(phases);
        d.add(timeseries("Cutover elapsed against its limit", 12, 8)
                .description("Elapsed cutover time as a share of the plan's maxDuration; 100 % = the "
                        + "cutover-overrun rollback trigger.")
                .query(q.max("migration_cutover_elapsed_seconds") + " / on (migration) "
                        + q.max("migration_cutover_limit_seconds"), "{{migration}}")
                .unit("percentunit").min(0).thresholds("green", 0.75, "orange", 1, "red")
                .custom("thresholdsStyle", Grafana.object().put("mode", "line+area"))
                .dataLink(seriesReport));

        d.row("Ingest");
        d.add(timeseries("Events by outcome", 8, 8)
                .description("Telemetry records applied (accepted), dropped as re-deliveries (duplicate) or "
                        + "dead-lettered (rejected), all migrations.")
                .query("sum by (outcome) (rate(migration_events_total[$__rate_interval]))", "{{outcome}}")
                .unit("reqps").min(0)
                .override("byName", "rejected", o -> o.fixedColor("red"))
                .override("byName", "duplicate", o -> o.fixedColor("yellow"))
                .override("byName", "accepted", o -> o.fixedColor("green")));
        d.add(timeseries("Rejected records by reason", 8, 8)
                .query("sum by (reason) (increase(migration_events_rejected_total[$__rate_interval]))", "{{reason}}")
                .min(0).decimals(0));
        d.add(timeseries("Processing latency (append to durable)", 8, 8)
                .query("histogram_quantile(0.5, sum by (le) (rate(migration_event_processing_seconds_bucket"
                        + "[$__rate_interval])))", "p50")
                .query("histogram_quantile(0.99, sum by (le) (rate(migration_event_processing_seconds_bucket"
                        + "[$__rate_interval])))", "p99")
                .unit("s").min(0));
        d.add(timeseries("Telemetry partitions not advancing", 8, 7)
                .description("Seconds each partition of migration.telemetry has not advanced while records wait on "
                        + "it, once that is longer than the monitor's monitor.ingest.stall-after (60 s); 0 while it "
                        + "advances. Above 0, the events behind it are neither stored nor judged: that instance's "
                        + "/actuator/health is DOWN (component ingest, with the offset it is stuck at) and "
                        + "MigrationIngestStalled fires. Each instance exports the partitions it owns.")
                .query("max by (instance, partition) (migration_ingest_stalled_seconds)",
                        "partition {{partition}} on {{instance}}")
                .unit("s").min(0).thresholds("green", 1, "red")
                .custom("thresholdsStyle", Grafana.object().put("mode", "line")));
        d.add(timeseries("Monitor lag", 8, 7)
                .description("How long the oldest record of each partition of migration.telemetry that the monitor "
                        + "has not yet stored and judged has waited, in seconds (read every "
                        + "monitor.ingest.check-interval, never too small); 0 when caught up. Every alert of a "
                        + "migration on that partition comes at least this late. Above 30 s for a minute, "
                        + "MigrationMonitorBehind pages on-call.")
                .query("max by (instance, partition) (migration_ingest_lag_seconds)",
                        "partition {{partition}} on {{instance}}")
                .unit("s").min(0).thresholds("green", 30, "red")
                .custom("thresholdsStyle", Grafana.object().put("mode", "line")));
        d.add(timeseries("Newest event behind the wall clock", 8, 7)
                .description("Prometheus's clock minus the event time of each migration's newest event. During a "
                        + "sync or cutover, more than 10 min means the tools went silent (MigrationTelemetryStale), "
                        + "or their clocks are wrong. A replay of past events shows its age here, which is expected; "
                        + "the demo, whose events run ahead of the wall clock, shows negative values.")
                .query("time() - max by (migration) (migration_last_event_timestamp_seconds{" + q.sel + "})",
                        "{{migration}}")
                .unit("s").thresholds("green", 600, "orange")
                .custom("thresholdsStyle", Grafana.object().put("mode", "line"))
                .dataLink(seriesReport));
        return d.build();
    }

    // -------------------------------------------------------------------------------------------------- Cutover

    static ObjectNode cutover() {
        Q q = new Q("migration=\"$migration\"");
        Dashboard d = base(CUTOVER_UID, "Cutover Monitor / Cutover",
                "The cutover of one migration: the clock against the 6 h limit and the projected finish, "
                        + "integrity per table, integrity errors against the rollback threshold (3 in 6 h), "
                        + "trailing-hour throughput against 50,000 records/h, sync lag, and every rule's state.",
                false);
        d.annotation("Monitor alerts", "red", alertTransitions(q.sel),
                "{{rule}} {{state}}", "Alert transition published on migration.alerts", "rule,state");
        d.annotation("Prometheus alerts", "orange",
                "ALERTS{alertstate=\"firing\", " + q.sel + "}",
                "{{alertname}}", "{{severity}} / action {{action}}", "severity,action");

        d.row("Cutover clock");
        d.add(stat("Phase", 4, 4)
                .instant("max by (phase, status) (" + q.m("migration_phase", "") + " == 1)", "{{phase}} {{status}}")
                .option("textMode", "name").option("colorMode", "none")
                .link(REPORT));
        d.add(stat("Elapsed", 4, 4)
                .description("Time since CUTOVER STARTED; frozen when the cutover ends.")
                .instant(q.maxOne("migration_cutover_elapsed_seconds"), "")
                .unit("dtdurations"));
        d.add(gauge("Elapsed / limit", 4, 4)
                .instant(q.maxOne("migration_cutover_elapsed_seconds") + " / "
                        + q.maxOne("migration_cutover_limit_seconds"), "")
                .unit("percentunit").min(0).max(1.2).thresholds("green", 0.75, "orange", 1, "red"));
        d.add(stat("Must end by", 4, 4)
                .description("CUTOVER STARTED + the plan's maxDuration: past it, cutover-overrun triggers a rollback.")
                .instant("(" + q.maxOne("migration_cutover_started_timestamp_seconds") + " + "
                        + q.maxOne("migration_cutover_limit_seconds") + ") * 1000", "")
                .unit("dateTimeAsIso").noValue("not started"));
        d.add(stat("Projected finish", 4, 4)
                .description("From the syncs' progress over the last 15 min; none while too early to tell or when "
                        + "a running sync has stalled (then cutover-projected-overrun fires).")
                .instant(q.maxOne("migration_cutover_projected_finish_timestamp_seconds") + " * 1000", "")
                .unit("dateTimeAsIso").noValue("no projection"));
        d.add(stat("Margin: limit − projected finish", 4, 4)
                .instant("(" + q.maxOne("migration_cutover_started_timestamp_seconds") + " + "
                        + q.maxOne("migration_cutover_limit_seconds") + ") - "
                        + q.maxOne("migration_cutover_projected_finish_timestamp_seconds"), "")
                .unit("s").thresholds("red", 0, "green").option("colorMode", "background").noValue("—"));
        d.add(timeseries("Elapsed against the 6 h limit, with the projected duration", 16, 8)
                .description("Elapsed cutover time, the plan's limit (dashed) and the projected total duration "
                        + "(projected finish − start). A projection above the limit is the early warning.")
                .query(q.maxOne("migration_cutover_elapsed_seconds"), "elapsed")
                .query(q.maxOne("migration_cutover_limit_seconds"), "limit")
                .query(q.maxOne("migration_cutover_projected_finish_timestamp_seconds") + " - "
                        + q.maxOne("migration_cutover_started_timestamp_seconds"), "projected duration")
                .query(q.maxOne("migration_maintenance_window_seconds"), "maintenance window")
                .unit("s").min(0)
                .override("byName", "limit", o -> o.fixedColor("red").dashed())
                .override("byName", "maintenance window", o -> o.fixedColor("purple").dashed())
                .override("byName", "projected duration", o -> o.fixedColor("orange"))
                .link(REPORT));
        d.add(columnNames(table("Rollback deadlines", 8, 8)
                .description("Each unanswered rollback trigger and the time left to its deadline (negative: "
                        + "passed), counted from the migration's clock as the API's timeLeft is: the wall clock while "
                        + "live, its newest event time for a replay or the demo, whose events run ahead of the wall "
                        + "clock. Answer with ROLLBACK COMPLETED or a GO decision naming the rule.")
                .table("max by (rule) (migration_rollback_deadline_timestamp_seconds{" + q.sel + "}) - scalar(max("
                        + "migration_clock_timestamp_seconds{" + q.sel + "}))")
                .table("max by (rule) (migration_rollback_deadline_timestamp_seconds{" + q.sel + "}) * 1000")
                .transform("merge", Grafana.object())
                .transform("organize", organize(DEADLINE_COLUMNS, "Time"))
                .override("byName", "Value #A", o -> o.set("unit", "s").thresholds("red", 0, "orange", 1800, "green")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background")))
                .override("byName", "Value #B", o -> o.set("unit", "dateTimeAsIso"))
                .noValue("No rollback trigger waiting for an answer")
                .link(REPORT), DEADLINE_COLUMNS));

        d.row("Integrity");
        d.add(stat("Integrity errors / rollback threshold", 6, 8)
                .description("Distinct integrity errors counted within 6 h of CUTOVER STARTED, and the plan's "
                        + "threshold: reaching it fires the integrity-errors rollback trigger.")
                .instant(q.maxOne("migration_integrity_errors"), "errors")
                .instant(q.maxOne("migration_integrity_errors_threshold"), "rollback at")
                .option("textMode", "value_and_name").option("colorMode", "background")
                .thresholds("green", 1, "orange", 3, "red")
                .override("byName", "rollback at", o -> o.fixedColor("text"))
                .link(REPORT));
        d.add(bargauge("Tables by integrity state", 6, 8)
                .description("Tables matched / mismatched / pending (a side waits for its partner) / unverified "
                        + "(a side alone past the pair timeout).")
                .instant("max by (state) (migration_tables{" + q.sel + "})", "{{state}}")
                .decimals(0).min(0)
                .override("byName", "matched", o -> o.fixedColor("green"))
                .override("byName", "mismatched", o -> o.fixedColor("red"))
                .override("byName", "pending", o -> o.fixedColor("yellow"))
                .override("byName", "unverified", o -> o.fixedColor("orange"))
                .link(REPORT));
        d.add(table("Integrity per table (chunks by state)", 12, 8)
                .table("max by (table, state) (migration_table_chunks{" + q.sel + "})")
                .transform("groupingToMatrix", Grafana.object().put("columnField", "state").put("rowField", "table")
                        .put("valueField", "Value").put("emptyValue", "zero"))
                .override("byName", "mismatched", o -> o.thresholds("transparent", 1, "red")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background")))
                .override("byName", "pending", o -> o.thresholds("transparent", 1, "yellow")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background")))
                .override("byName", "matched", o -> o.thresholds("transparent", 1, "green")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background")))
                .link(REPORT));
        d.add(bargauge("Reconciliation progress", 6, 8)
                .description("Rows the latest reconciliation of each table compared, against the table's estimate "
                        + "(100% once done): how far a long check has come. The status gives the rate and when it "
                        + "will be through the table at that rate.")
                .instant("max by (table) (migration_reconciliation_progress_ratio{" + q.sel + "})", "{{table}}")
                .unit("percentunit").min(0).max(1).decimals(0)
                .thresholds("blue", 1, "green")
                .link(REPORT));
        d.add(timeseries("Integrity errors against the threshold", 24, 7)
                .query(q.maxOne("migration_integrity_errors"), "integrity errors")
                .query(q.maxOne("migration_integrity_errors_threshold"), "rollback threshold")
                .query("max by (state) (migration_tables{" + q.sel + ", state=\"mismatched\"})", "tables mismatched")
                .min(0).decimals(0)
                .override("byName", "rollback threshold", o -> o.fixedColor("red").dashed())
                .override("byName", "integrity errors", o -> o.fixedColor("orange"))
                .link(REPORT));

        d.row("Throughput and sync");
        d.add(timeseries("Trailing-hour throughput against the target", 12, 8)
                .description("Records per trailing hour, summed over all components; the dashed line is the plan's "
                        + "target (50,000/h).")
                .query(q.maxOne("migration_throughput_records_per_hour"), "trailing hour")
                .query(q.maxOne("migration_throughput_target_records_per_hour"), "target")
                .unit("short").min(0)
                .override("byName", "target", o -> o.fixedColor("red").dashed()));
        d.add(timeseries("Records synced", 6, 8)
                .query(q.maxOne("migration_records_synced"), "records synced").unit("short").min(0));
        d.add(timeseries("Sync lag", 6, 8)
                .description("The largest replication lag any sync reported last.")
                .query(q.maxOne("migration_sync_lag_seconds"), "lag").unit("s").min(0));
        d.add(timeseries("Newest event by type, behind the wall clock", 24, 6)
                .description("Prometheus's clock minus the event time of the newest event of each type. More than "
                        + "10 min during a sync or the cutover: the tools went silent (telemetry-stale).")
                .query("time() - max by (type) (migration_last_event_timestamp_seconds{" + q.sel + "})", "{{type}}")
                .unit("s").thresholds("green", 600, "orange")
                .custom("thresholdsStyle", Grafana.object().put("mode", "line")));

        d.row("Rules");
        d.add(Panel.of("state-timeline", "Rule states", 16, 9)
                .description("Every rule of the plan: firing (red) or not. Rollback triggers: integrity-errors, "
                        + "cutover-overrun, core-function-failure.")
                .query("max by (rule) (migration_rule_firing{" + q.sel + "})", "{{rule}}")
                .mappings(0, "OK", "green", 1, "FIRING", "red")
                .option("showValue", "never").option("mergeValues", true).option("rowHeight", 0.8)
                .option("alignValue", "left")
                .option("legend", Grafana.object().put("showLegend", false))
                .option("tooltip", Grafana.object().put("mode", "single").put("sort", "none"))
                .custom("fillOpacity", 80).custom("lineWidth", 0)
                .link(REPORT));
        d.add(table("Alert transitions published", 8, 9)
                .description("FIRING and RESOLVED alerts the monitor published on migration.alerts, per rule, since "
                        + "it started.")
                .table("max by (rule, state) (migration_alerts_total{" + q.sel + "})")
                .transform("groupingToMatrix", Grafana.object().put("columnField", "state").put("rowField", "rule")
                        .put("valueField", "Value").put("emptyValue", "zero"))
                .link(REPORT));
        return d.build();
    }

    /**
     * The alert transitions published in the last two minutes, for annotations: counters that moved, and series
     * that did not exist two minutes ago (a counter's first increment is not a change).
     */
    private static String alertTransitions(String selector) {
        return "sum by (rule, state) (changes(migration_alerts_total{" + selector + "}[2m]) > 0)"
                + " or sum by (rule, state) (migration_alerts_total{" + selector + "}"
                + " unless migration_alerts_total{" + selector + "} offset 2m)";
    }

    // ---------------------------------------------------------------------------------------------- Observation

    static ObjectNode observation() {
        Q q = new Q("migration=\"$migration\"");
        Dashboard d = base(OBSERVATION_UID, "Cutover Monitor / Observation",
                "The parallel operation after go-live: day N of 30, open incidents (failed jobs, failed checks, "
                        + "mismatches), job failures by job, check pass rate, and whether the migration is ready "
                        + "for acceptance.",
                false);
        d.annotation("Monitor alerts", "red", alertTransitions(q.sel + ", state=\"FIRING\""),
                "{{rule}} {{state}}", "Alert published on migration.alerts", "rule,state");

        d.row("Parallel operation");
        d.add(stat("Observation day", 5, 5)
                .description("Day N counts 24-hour periods from CUTOVER COMPLETED.")
                .instant(q.maxOne("migration_observation_day"), "day")
                .instant(q.maxOne("migration_observation_days"), "of")
                .option("textMode", "value_and_name").option("colorMode", "none")
                .decimals(0).noValue("not live yet")
                .link(REPORT));
        d.add(gauge("Observation period elapsed", 5, 5)
                .instant(q.maxOne("migration_observation_day") + " / " + q.maxOne("migration_observation_days"), "")
                .unit("percentunit").min(0).max(1).thresholds("blue", 1, "green"));
        d.add(stat("Open incidents", 4, 5)
                .instant(q.maxOne("migration_observation_incidents"), "")
                .thresholds("green", 1, "red").option("colorMode", "background").decimals(0));
        d.add(stat("Check pass rate", 5, 5)
                .description("Passed checks over all check results in the selected time range.")
                .instant(inRange("migration_checks_total{" + q.sel + ", outcome=\"passed\"}", "migration",
                        "$__range") + " / " + inRange("migration_checks_total{" + q.sel + "}", "migration",
                        "$__range"), "")
                .unit("percentunit").decimals(1).thresholds("red", 0.95, "orange", 1, "green")
                .noValue("no checks in range"));
        d.add(stat("Ready for acceptance", 5, 5)
                .description("The 30-day period is over and no incident is open: the migration lead can sign the "
                        + "evidence report.")
                .instant(q.maxOne("migration_ready_for_acceptance"), "")
                .mappings(1, "READY", "green", 0, "NOT YET", "orange")
                .thresholds("orange", 1, "green").option("colorMode", "background")
                .link(REPORT));

        d.row("Incidents, jobs, checks");
        d.add(timeseries("Open incidents", 12, 8)
                .query(q.maxOne("migration_observation_incidents"), "open incidents").min(0).decimals(0)
                .link(REPORT));
        d.add(Panel.of("state-timeline", "Observation rules", 12, 8)
                .query("max by (rule) (migration_rule_firing{" + q.sel
                        + ", rule=~\"observation-incident|core-function-failure|integrity-mismatch|connectivity"
                        + "|rollback-deadline\"})", "{{rule}}")
                .mappings(0, "OK", "green", 1, "FIRING", "red")
                .option("showValue", "never").option("mergeValues", true).option("rowHeight", 0.8)
                .option("alignValue", "left")
                .option("legend", Grafana.object().put("showLegend", false))
                .option("tooltip", Grafana.object().put("mode", "single").put("sort", "none"))
                .custom("fillOpacity", 80).custom("lineWidth", 0));
        d.add(bargauge("Job failures by job (time range)", 8, 9)
                .instant(inRange("migration_jobs_total{" + q.sel + ", outcome=\"failed\"}", "job", "$__range"),
                        "{{job}}")
                .decimals(0).min(0).thresholds("green", 1, "red"));
        d.add(timeseries("Job failures per hour by job", 16, 9)
                .query(inRange("migration_jobs_total{" + q.sel + ", outcome=\"failed\"}", "job", "1h"), "{{job}}")
                .min(0).decimals(0).custom("drawStyle", "bars").custom("fillOpacity", 60));
        d.add(table("Job runs by job and outcome (time range)", 8, 9)
                .table(inRange("migration_jobs_total{" + q.sel + "}", "job, outcome", "$__range"))
                .transform("groupingToMatrix", Grafana.object().put("columnField", "outcome").put("rowField", "job")
                        .put("valueField", "Value").put("emptyValue", "zero"))
                .override("byName", "failed", o -> o.thresholds("transparent", 1, "red")
                        .set("custom.cellOptions", Grafana.object().put("type", "color-background"))));
        d.add(timeseries("Check pass rate by check (trailing hour)", 16, 9)
                .query(inRange("migration_checks_total{" + q.sel + ", outcome=\"passed\"}", "check", "1h")
                        + " / " + inRange("migration_checks_total{" + q.sel + "}", "check", "1h"), "{{check}}")
                .unit("percentunit").min(0).max(1));
        return d.build();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Selector text for one dashboard: {@code migration="$migration"} or {@code migration=~"$migration"}. */
    private record Q(String sel) {
        String m(String metric, String more) {
            return metric + "{" + sel + (more.isEmpty() ? "" : ", " + more) + "}";
        }

        /** One series per migration, whatever the number of monitor instances exporting it. */
        String max(String metric) {
            return "max by (migration) (" + m(metric, "") + ")";
        }

        /** One value for the selected migration. */
        String maxOne(String metric) {
            return "max(" + m(metric, "") + ")";
        }
    }

    /**
     * How much a counter grew over {@code window}, counting series born inside it in full: Micrometer creates a
     * counter at its first increment, so increase() alone would miss the first failure of a job.
     */
    static String inRange(String counter, String by, String window) {
        return "sum by (" + by + ") (clamp_min(" + counter + " - " + counter + " offset " + window + ", 0) or ("
                + counter + " unless " + counter + " offset " + window + "))";
    }

    /** 0 = no rule firing, 1 = a warning, 2 = a critical rule. */
    private static String worstSeverity(Q q) {
        return "max by (migration) ((" + q.m("migration_rule_firing", "rule=~\"" + CRITICAL_RULES + "\"")
                + " * 2) or " + q.m("migration_rule_firing", "rule=~\"" + WARNING_RULES + "\"") + ")";
    }

    /** Seconds between the projected finish and start + {@code budget} (negative: projected to overrun). */
    private static String margin(Q q, String budget) {
        return "(" + q.max("migration_cutover_started_timestamp_seconds") + " + on (migration) " + q.max(budget)
                + ") - on (migration) " + q.max("migration_cutover_projected_finish_timestamp_seconds");
    }

    /** The current phase as a number (1 PREPARATION … 6 OBSERVATION), for a state timeline. */
    private static String phaseCode(Q q) {
        StringBuilder b = new StringBuilder("max by (migration) (");
        for (int i = 0; i < PHASES.length; i++) {
            if (i > 0) {
                b.append(" or ");
            }
            b.append("(").append(q.m("migration_phase", "phase=\"" + PHASES[i] + "\"")).append(" == 1) * ")
                    .append(i + 1);
        }
        return b.append(")").toString();
    }

    /**
     * Orders and hides the columns of a merged table. Columns are named with displayName overrides
     * ({@link #columnNames}), not renamed here: overrides and data links keep matching the fields' own names.
     */
    private static ObjectNode organize(String[] order, String... excluded) {
        ObjectNode o = Grafana.object();
        ObjectNode exclude = o.putObject("excludeByName");
        for (String e : excluded) {
            exclude.put(e, true);
        }
        ObjectNode index = o.putObject("indexByName");
        for (int i = 0; i < order.length; i += 2) {
            index.put(order[i], i / 2);
        }
        o.putObject("renameByName");
        return o;
    }

    /** Column headers: (field name, header) pairs, as displayName overrides. */
    private static Panel columnNames(Panel panel, String[] pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            String header = pairs[i + 1];
            if (!header.equals(pairs[i])) {
                panel.override("byName", pairs[i], o -> o.set("displayName", header));
            }
        }
        return panel;
    }

    private static Dashboard base(String uid, String title, String description, boolean fleet) {
        Dashboard d = new Dashboard(uid, title, description)
                .datasourceVariable()
                .migrationVariable(fleet)
                .textVariable("monitor_url", "Monitor URL", MONITOR_URL_DEFAULT,
                        "Base URL of the Cutover Monitor's HTTP API as your browser reaches it (evidence reports).")
                .dashboardLinks();
        if (!fleet) {
            d.link("Evidence report", "${monitor_url}/api/migrations/${migration}/report",
                    "The acceptance evidence of ${migration}, from the monitor's ledger");
        }
        return d;
    }

    private static Panel stat(String title, int w, int h) {
        return Panel.of("stat", title, w, h).reduce("lastNotNull", false)
                .option("colorMode", "value").option("graphMode", "none").option("justifyMode", "auto")
                .option("orientation", "auto").option("textMode", "auto").option("wideLayout", true)
                .option("showPercentChange", false);
    }

    private static Panel gauge(String title, int w, int h) {
        return Panel.of("gauge", title, w, h).reduce("lastNotNull", false)
                .option("orientation", "auto").option("showThresholdLabels", false)
                .option("showThresholdMarkers", true).option("sizing", "auto").option("minVizWidth", 75)
                .option("minVizHeight", 75);
    }

    private static Panel bargauge(String title, int w, int h) {
        return Panel.of("bargauge", title, w, h).reduce("lastNotNull", false)
                .option("displayMode", "basic").option("orientation", "horizontal").option("showUnfilled", true)
                .option("valueMode", "color").option("namePlacement", "auto").option("sizing", "auto")
                .option("minVizWidth", 8).option("minVizHeight", 16).option("maxVizHeight", 300);
    }

    private static Panel timeseries(String title, int w, int h) {
        return Panel.of("timeseries", title, w, h)
                .custom("drawStyle", "line").custom("lineWidth", 2).custom("fillOpacity", 10)
                .custom("showPoints", "never").custom("spanNulls", false)
                .option("legend", Grafana.object().put("showLegend", true).put("displayMode", "list")
                        .put("placement", "bottom").set("calcs", Grafana.array()))
                .option("tooltip", Grafana.object().put("mode", "multi").put("sort", "none"));
    }

    private static Panel table(String title, int w, int h) {
        return Panel.of("table", title, w, h).option("showHeader", true).option("cellHeight", "sm")
                .option("footer", Grafana.object().put("show", false).put("countRows", false)
                        .set("reducer", Grafana.array().add("sum")).set("fields", Grafana.array()));
    }
}
