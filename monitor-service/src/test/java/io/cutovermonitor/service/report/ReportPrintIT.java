package io.cutovermonitor.service.report;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.Chromium;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.TestDecisionKey;
import io.cutovermonitor.service.support.Poppler;
import io.cutovermonitor.service.support.Testbed;
import io.cutovermonitor.validators.event.Sha256;
import io.cutovermonitor.validators.plan.MigrationPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.cutovermonitor.service.report.ReportJson.find;
import static io.cutovermonitor.service.report.ReportJson.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The evidence report on paper, as a migration lead prints it: opened in a real headless Chromium (Debian
 * {@code chromium}) from the link the status gives, printed to PDF, the PDF turned into pages with {@code pdftoppm}
 * and read back with {@code pdftotext}. Two migrations on one service: the demo OMS cutover (started with
 * {@code --monitor.demo.enabled=true}, as a newcomer starts it), and {@link DayThirtyScenario}, produced by kcat,
 * which went by the book to day 30 and whose facts are known in advance. Each printed page is A4, the report's text
 * stays inside its 15 mm margins at its own size (Chromium shrinks a page that is too wide to fit), and the
 * verdict, every table of the plan and every alert are on paper. Pages and PDFs are kept in
 * {@code target/report-print/} (docs/report-first-page.png is the demo's first page).
 */
class ReportPrintIT {

    private static final Path OUT = Path.of("target", "report-print");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ReportFormat FORMAT = new ReportFormat();
    private static final MigrationPlan PLAN = MigrationPlan.defaults();
    private static final String DEMO = "oms-demo";
    /** {@code @page { margin: 15mm }} in PDF points. */
    private static final double MARGIN = 15 / 25.4 * 72;
    private static final int DPI = 60;

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static String base;
    private static String dayThirty;
    private static List<String> dayThirtyEvents;
    private static String dayThirtyPlan;

    @BeforeAll
    static void playTheDemoAndProduceDayThirty() throws IOException {
        Files.createDirectories(OUT);
        testbed = Testbed.start("report_print_it");
        service = testbed.startService("--monitor.demo.enabled=true",
                "--monitor.demo.speed=1000000",     // the 5 weeks of the demo in about a second
                "--monitor.demo.observation-speed=1000000",
                "--monitor.demo.decision-hold=0s",  // no wall time held before the decision either
                "--monitor.demo.max-pause=1ms");
        base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
        dayThirty = "day30-" + UUID.randomUUID().toString().substring(0, 8);
        dayThirtyEvents = DayThirtyScenario.events(dayThirty).stream().map(TestDecisionKey::sealed).toList();
        // the migration lead puts the migration's own plan (the OMS numbers) before the first event
        dayThirtyPlan = Files.readString(Path.of("src/main/resources", PlanRegistry.SAMPLE_PLAN));
        service.getBean(PlanRegistry.class).put(dayThirty, dayThirtyPlan);
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", dayThirty,
                List.of("content-type=application/cloudevents+json"), dayThirtyEvents);

        JdbcClient jdbc = service.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(dayThirty)
                            .query(Long.class).single()).isEqualTo(dayThirtyEvents.size());
                    // the demo's last event: the observation period is over
                    JsonNode demo = json(base + "/api/migrations/" + DEMO);
                    assertThat(demo.get("phase").asString() + " " + demo.get("phaseStatus").asString())
                            .isEqualTo("OBSERVATION COMPLETED");
                    // and what the monitor published is on migration.alerts for an outside reader
                    assertThat(firings(DEMO)).hasSize(alertRows(DEMO, "FIRING").size());
                });
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void theDemoCutoverPrintsOnA4WithItsVerdictEveryTableAndEveryAlert() throws Exception {
        // Given the demo played to the end of its observation period (BeforeAll)
        // When Chromium prints its report
        Printed paper = print(DEMO);

        // Then every page is A4 with nothing outside the margins, and the paper tells it all
        assertWholeOnA4(paper);
        assertEveryPageNumberedWithTheLedgerDigest(paper, DEMO);
        assertPrinted(paper, Verdict.READY + ": 30 days observed with no open incident");
        assertThat(occurrences(paper, "Not ready")).as("'Not ready' in %s", paper.pdf()).isZero();
        assertEveryPlanTableIsThere(paper);
        List<JsonNode> fired = firings(DEMO);
        assertThat(fired).extracting(a -> a.path("rule").asString()).contains("integrity-errors");
        assertEveryAlertIsThere(paper, fired);
        assertNoTimeBreaksOverLines(paper);
        // a demo, and on every page it says so; its clocks explained
        assertOnEveryPage(paper, "DEMO - replayed demo data, not a migration");
        assertPrinted(paper, "This is the built-in demo: it replays a cutover in compressed time");
        // its three re-synced chunks: mismatched, then matched at go-live, each run on paper
        JsonNode report = json(base + "/api/migrations/" + DEMO + "/report.json");
        assertThat(report.get("demo").asBoolean()).isTrue();
        List<JsonNode> cutoverMismatches = new java.util.ArrayList<>();
        report.get("tables").forEach(t -> t.get("chunks").forEach(c -> c.get("history").forEach(run -> {
            if (run.get("runId").asString().equals("r-cut-1") && !run.get("matched").asBoolean()) {
                cutoverMismatches.add(c);
            }
        })));
        assertThat(cutoverMismatches).hasSize(3).allSatisfy(c -> {
            assertThat(c.at("/atGoLive/runId").asString()).isEqualTo("r-cut-2");
            assertThat(c.at("/atGoLive/matched").asBoolean()).isTrue();
            assertThat(instant(c.at("/atGoLive/at"))).isBeforeOrEqualTo(instant(report.at("/observation/goLiveAt")));
        });
        assertThat(occurrences(paper, "MISMATCHED")).isGreaterThanOrEqualTo(3);
        assertPrinted(paper, "Proved at go-live (the last match before CUTOVER COMPLETED) by an earlier run");
        // the decision makers the plan names sign beside the migration lead
        assertPrinted(paper, "Sign-off Migration lead", "IT Infrastructure Department Manager Name, date and signature");
    }

    @Test
    void theDayThirtyMigrationPrintsReadyForAcceptanceWithEveryTableInFull() throws Exception {
        // Given a migration at the end of day 30 whose checksums are 64 characters long (BeforeAll)
        // When Chromium prints its report
        Printed paper = print(dayThirty);

        // Then it is whole on A4 at full size, ready for acceptance, with every table and alert
        assertWholeOnA4(paper);
        assertEveryPageNumberedWithTheLedgerDigest(paper, dayThirty);
        assertPrinted(paper, Verdict.READY + ": 30 days observed with no open incident", "day 30 of 30",
                "No observation incident.", "No ROLLBACK trigger fired.");
        assertEveryPlanTableIsThere(paper);
        // each table's latest counts, and both 64-character checksums whole, however the cells wrap them
        latestReconciliations(ledgerEvents(dayThirty)).forEach((table, e) -> {
            long rows = e.at("/data/source/rowCount").asLong();
            assertPrinted(paper, table + ": " + FORMAT.count(rows) + " source rows, " + FORMAT.count(rows)
                    + " target rows, all matched");
            String checksum = e.at("/data/source/checksum").asString();
            assertThat(checksum).hasSize(64);
            assertThat(occurrences(paper, checksum)).as(table + " checksum, source and target").isEqualTo(2);
        });
        assertEveryAlertIsThere(paper, firings(dayThirty));
        assertPrinted(paper, DayThirtyScenario.LEAD);
        assertNoTimeBreaksOverLines(paper);
        assertThat(occurrences(paper, "DEMO")).as("a real migration's report has no DEMO mark").isZero();
    }

    @Test
    void theDayThirtyReportJsonStatesWhatTheLedgerHoldsAndTheScenarioKnows() throws Exception {
        // Given every event of the scenario in the ledger (BeforeAll)
        List<JsonNode> ledger = ledgerEvents(dayThirty);
        assertThat(ledger).hasSize(dayThirtyEvents.size());

        // When another tool reads the report's facts
        JsonNode report = json(base + "/api/migrations/" + dayThirty + "/report.json");

        // Then they are the ledger's, and the answers the scenario was built to give
        assertThat(report.get("ledgerEvents").asLong()).isEqualTo(ledger.size());
        assertThat(report.get("demo").asBoolean()).isFalse();
        assertThat(report.at("/planVersion/sha256").asString()).isEqualTo(Sha256.hex(dayThirtyPlan));
        assertThat(texts(report.get("signatures"))).containsExactly("Migration lead",
                "IT Infrastructure Department Manager");

        JsonNode verdict = report.get("verdict");
        assertThat(verdict.get("readyForAcceptance").asBoolean()).isTrue();
        assertThat(verdict.get("text").asString()).isEqualTo(Verdict.READY + ": 30 days observed with no open incident");
        assertThat(verdict.get("missing")).isEmpty();

        // the timeline: the cutover against the 6 h limit and the 8 h window, the rehearsals with their durations
        JsonNode cutover = report.at("/timeline/cutovers").get(0);
        assertThat(report.at("/timeline/cutovers")).hasSize(1);
        assertThat(instant(cutover.get("startedAt"))).isEqualTo(DayThirtyScenario.CUTOVER_START);
        assertThat(instant(cutover.get("endedAt"))).isEqualTo(DayThirtyScenario.GO_LIVE);
        assertThat(cutover.get("duration").asString()).isEqualTo("PT4H30M");
        assertThat(cutover.get("limit").asString()).isEqualTo("PT6H");
        assertThat(cutover.get("maintenanceWindow").asString()).isEqualTo("PT8H");
        assertThat(cutover.get("withinLimit").asBoolean()).isTrue();
        assertThat(cutover.get("withinWindow").asBoolean()).isTrue();
        assertThat(report.at("/timeline/rehearsals")).extracting(r -> r.get("name").asString() + " "
                + r.get("outcome").asString() + " " + r.get("duration").asString())
                .containsExactly("rehearsal-1 COMPLETED PT4H", "rehearsal-2 COMPLETED PT4H30M");

        // per table: the latest run in the ledger, its counts and checksums on both sides and the event that said so
        Map<String, JsonNode> latest = latestReconciliations(ledger);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(PLAN.tables());
        JsonNode tables = report.get("tables");
        assertThat(tables).hasSize(PLAN.tables().size());
        latest.forEach((table, e) -> {
            JsonNode t = find(tables, "table", table);
            JsonNode chunk = t.get("chunks").get(0);
            assertThat(t.get("chunks")).as(table).hasSize(1);
            assertThat(chunk.get("chunk").asString()).isEqualTo("whole table");
            assertThat(chunk.get("integrity").asString()).as(table).isEqualTo("MATCHED");
            assertThat(chunk.get("runId").asString()).as(table).isEqualTo(e.at("/data/runId").asString());
            assertThat(instant(chunk.get("provedAt"))).as(table).isEqualTo(instant(e.get("time")));
            for (String side : List.of("source", "target")) {
                assertThat(chunk.at("/" + side + "/eventId").asString()).isEqualTo(e.get("id").asString());
                assertThat(chunk.at("/" + side + "/rowCount").asLong()).as(table + " " + side)
                        .isEqualTo(e.at("/data/" + side + "/rowCount").asLong());
                assertThat(chunk.at("/" + side + "/checksum").asString()).as(table + " " + side)
                        .isEqualTo(e.at("/data/" + side + "/checksum").asString());
            }
            assertThat(t.get("sourceRows").asLong()).isEqualTo(t.get("targetRows").asLong())
                    .isEqualTo(e.at("/data/source/rowCount").asLong());
            assertThat(t.get("allMatched").asBoolean()).isTrue();
        });
        // known in advance: day 29 reconciled orders (k = 28), day 30 order_lines, both grown by 100 rows a day
        JsonNode orders = find(tables, "table", "orders").get("chunks").get(0);
        assertThat(orders.get("runId").asString()).isEqualTo("par-29");
        assertThat(orders.at("/source/rowCount").asLong()).isEqualTo(60_000 + 29 * 100);
        assertThat(orders.at("/target/checksum").asString()).isEqualTo(DayThirtyScenario.checksum("orders", 62_900));
        JsonNode orderLines = find(tables, "table", "order_lines").get("chunks").get(0);
        assertThat(orderLines.get("runId").asString()).isEqualTo("par-30");
        assertThat(orderLines.at("/target/rowCount").asLong()).isEqualTo(150_000 + 30 * 100);

        // the one alert: rehearsal-1 under the throughput target, resolved by rehearsal-2; as the alert table,
        // the alerts topic and the scenario have it
        String fired = DayThirtyScenario.REHEARSAL_1_END.toString();
        String resolved = DayThirtyScenario.REHEARSAL_2_END.toString();
        assertThat(AlertsTopic.transitionsOf(testbed.bootstrapServers(), dayThirty))
                .containsExactly("throughput-floor FIRING " + fired, "throughput-floor RESOLVED " + resolved);
        assertThat(alertRows(dayThirty, "FIRING")).extracting(r -> instant(r.get("at")).toString())
                .containsExactly(fired);
        assertThat(alertRows(dayThirty, "RESOLVED")).extracting(r -> instant(r.get("at")).toString())
                .containsExactly(resolved);
        JsonNode alert = report.get("alerts").get(0);
        assertThat(report.get("alerts")).hasSize(1);
        assertThat(alert.get("rule").asString()).isEqualTo("throughput-floor");
        assertThat(alert.get("firedAt").asString()).isEqualTo(fired);
        assertThat(alert.get("resolvedAt").asString()).isEqualTo(resolved);
        assertThat(alert.get("openFor").asString()).isEqualTo("PT168H30M");
        assertThat(alert.get("open").asBoolean()).isFalse();
        String rehearsalCompleted = ledger.stream()
                .filter(e -> e.get("time").asString().equals(fired) && e.at("/data/phase").asString().equals("REHEARSAL"))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(texts(alert.get("evidence"))).containsExactly(rehearsalCompleted);
        assertThat(report.get("rollbackTriggers")).isEmpty();

        // every decision with who, when and why, as the ledger holds it
        List<JsonNode> decided = ledger.stream().filter(e -> e.get("type").asString().equals("migration.decision.v1"))
                .toList();
        assertThat(decided).hasSize(2);
        JsonNode decisions = report.get("decisions");
        assertThat(decisions).hasSize(decided.size());
        for (int i = 0; i < decided.size(); i++) {
            JsonNode d = decisions.get(i);
            JsonNode e = decided.get(i);
            assertThat(d.get("eventId").asString()).isEqualTo(e.get("id").asString());
            assertThat(instant(d.get("at"))).isEqualTo(instant(e.get("time")));
            assertThat(d.get("decision").asString()).isEqualTo("GO");
            assertThat(d.get("by").asString()).isEqualTo(DayThirtyScenario.LEAD);
            assertThat(d.get("reason").asString()).isEqualTo(e.at("/data/reason").asString());
        }
        assertThat(instant(decisions.get(1).get("at"))).isEqualTo(DayThirtyScenario.GO_LIVE.minus(Duration.ofMinutes(15)));

        // throughput peaks against 50,000 records/hour
        assertThat(report.at("/throughput/peaks")).extracting(p -> p.get("phase").asString() + " "
                        + p.get("recordsPerHour").asLong() + " " + p.get("metTarget").asBoolean())
                .containsExactly("REHEARSAL rehearsal-1 " + DayThirtyScenario.REHEARSAL_1_PEAK + " false",
                        "REHEARSAL rehearsal-2 " + DayThirtyScenario.REHEARSAL_2_PEAK + " true",
                        "CUTOVER " + DayThirtyScenario.CUTOVER_PEAK + " true");
        assertThat(instant(report.at("/throughput/peaks").get(2).get("at")))
                .isEqualTo(DayThirtyScenario.CUTOVER_START.plus(Duration.ofMinutes(70)));

        // the observation record: day 30 of 30, no incident, 30 nights of 15 jobs, 30 days of 7 checks
        JsonNode observation = report.get("observation");
        assertThat(instant(observation.get("goLiveAt"))).isEqualTo(DayThirtyScenario.GO_LIVE);
        assertThat(observation.get("day").asInt()).isEqualTo(30);
        assertThat(observation.get("days").asInt()).isEqualTo(30);
        assertThat(instant(observation.get("endsAt"))).isEqualTo(DayThirtyScenario.GO_LIVE.plus(Duration.ofDays(30)));
        assertThat(observation.get("incidentsByDay")).isEmpty();
        assertThat(observation.get("jobRuns").asLong()).isEqualTo(30L * PLAN.jobs().size());
        assertThat(observation.get("jobFailures").asLong()).isZero();
        assertThat(observation.get("checkRuns").asLong()).isEqualTo(30L * PLAN.checks().size());
        assertThat(observation.get("checkFailures").asLong()).isZero();
        assertThat(observation.get("jobs")).hasSize(PLAN.jobs().size())
                .allSatisfy(j -> assertThat(j.get("runs").asLong()).isEqualTo(30));
    }

    // ---------------------------------------------------------------------------------------------- printing

    /**
     * What came out of the printer.
     *
     * @param text  pdftotext's text {@linkplain #squeeze squeezed}
     * @param words every word with its box
     * @param pages the pages as PNGs
     */
    private record Printed(Path pdf, String text, List<Poppler.Word> words, List<Path> pages) {
    }

    /** Opens the report link of the migration's status in Chromium and prints it. */
    private static Printed print(String migration) throws Exception {
        String link = json(base + "/api/migrations/" + migration).get("report").asString();
        assertThat(link).isEqualTo("/api/migrations/" + migration + "/report");
        String name = migration.equals(DEMO) ? DEMO : "day30";
        Path pdf = Chromium.printToPdf(base + link, OUT.resolve(name + ".pdf"));
        return new Printed(pdf, squeeze(Poppler.text(pdf)), Poppler.words(pdf),
                Poppler.pages(pdf, DPI, OUT.resolve(name)));
    }

    /**
     * Every page is A4; the report's own words (not the browser's header and footer in the top and bottom margin)
     * lie inside the 15 mm margins; and the page is printed at its own size: Chromium shrinks a page whose content is
     * wider than the paper, which would leave the 16 pt title smaller than 16 pt.
     */
    private static void assertWholeOnA4(Printed paper) throws IOException {
        assertThat(paper.pages()).isNotEmpty();
        for (Path page : paper.pages()) {
            BufferedImage image = ImageIO.read(page.toFile());
            // A4, 210 x 297 mm: 496 x 702 pixels at 60 dpi
            assertThat(image.getWidth()).as(page.toString()).isCloseTo(496, within(1));
            assertThat(image.getHeight()).as(page.toString()).isCloseTo(702, within(1));
        }
        assertThat(paper.words()).isNotEmpty().allSatisfy(w -> {
            assertThat(w.page()).isBetween(1, paper.pages().size());
            assertThat(w.pageWidth()).isCloseTo(595.3, within(1.0));
            assertThat(w.pageHeight()).isCloseTo(841.9, within(1.0));
        });
        List<Poppler.Word> body = paper.words().stream()
                .filter(w -> w.yMin() >= MARGIN - 1 && w.yMax() <= w.pageHeight() - MARGIN + 1).toList();
        assertThat(body).allSatisfy(w -> assertThat(w.xMin() >= MARGIN - 1 && w.xMax() <= w.pageWidth() - MARGIN + 1)
                .as("page %d: '%s' from x %.1f to %.1f pt, inside the margins %.1f to %.1f", w.page(), w.text(),
                        w.xMin(), w.xMax(), MARGIN, w.pageWidth() - MARGIN).isTrue());
        Poppler.Word title = body.stream().filter(w -> w.page() == 1 && w.text().equals("Acceptance")).findFirst()
                .orElseThrow(() -> new AssertionError("no title on page 1"));
        assertThat(title.height()).as("the title's height in pt: printed at 100 %").isGreaterThanOrEqualTo(16.0);
    }

    /**
     * Each page says which it is of how many, and carries the digest of the ledger the report was built from, which
     * the monitor still confirms: a missing page, or a page of another report, shows on the paper itself.
     */
    private static void assertEveryPageNumberedWithTheLedgerDigest(Printed paper, String migration) throws Exception {
        String digest = json(base + "/api/migrations/" + migration + "/report.json").get("ledgerDigest").asString();
        assertThat(digest).matches("[0-9a-f]{64}");
        int pages = paper.pages().size();
        for (int page = 1; page <= pages; page++) {
            int p = page;
            String text = paper.words().stream().filter(w -> w.page() == p).map(Poppler.Word::text)
                    .collect(Collectors.joining(" "));
            assertThat(text).as("page %d of %s", page, paper.pdf())
                    .contains("page " + page + " of " + pages).contains("sha256:" + digest);
        }
        JsonNode verified = json(base + "/api/migrations/" + migration + "/report/verify?digest=" + digest);
        assertThat(verified.get("matches").asBoolean()).isTrue();
    }

    /**
     * No time is broken over lines: each printed date ({@code 2026-12-03}) is followed on the same line by its time
     * and {@code UTC}, and no fragment of a broken date ({@code 2026-}, {@code 12-}) is left anywhere.
     */
    private static void assertNoTimeBreaksOverLines(Printed paper) {
        List<Poppler.Word> words = paper.words();
        int dates = 0;
        for (int i = 0; i < words.size(); i++) {
            Poppler.Word w = words.get(i);
            assertThat(w.text()).as("a broken date on page %d", w.page()).doesNotMatch("\\d{4}-(\\d{2}-?)?|\\d{2}-\\d{0,2}");
            if (w.text().matches("\\d{4}-\\d{2}-\\d{2}") && i + 2 < words.size()
                    && words.get(i + 1).text().matches("\\d{2}:\\d{2}:\\d{2}")) {
                dates++;
                for (Poppler.Word next : List.of(words.get(i + 1), words.get(i + 2))) {
                    assertThat(next.page()).isEqualTo(w.page());
                    assertThat(next.yMin()).as("'%s %s' on one line, page %d", w.text(), next.text(), w.page())
                            .isCloseTo(w.yMin(), within(1.0));
                }
                assertThat(words.get(i + 2).text()).startsWith("UTC");
            }
        }
        assertThat(dates).as("times printed").isGreaterThan(10);
    }

    private static void assertOnEveryPage(Printed paper, String text) {
        for (int page = 1; page <= paper.pages().size(); page++) {
            int p = page;
            String words = paper.words().stream().filter(w -> w.page() == p).map(Poppler.Word::text)
                    .collect(Collectors.joining(" "));
            assertThat(words).as("page %d of %s", page, paper.pdf()).contains(text);
        }
    }

    /** Each plan table has its section, headed {@code <table>: … source rows}. */
    private static void assertEveryPlanTableIsThere(Printed paper) {
        for (String table : PLAN.tables()) {
            assertThat(paper.words()).as(table).anyMatch(w -> w.text().equals(table + ":"));
        }
    }

    /**
     * Every alert the monitor published is on paper: its rule, the time it fired, and one row per alert (each row
     * states its severity and action once).
     */
    private static void assertEveryAlertIsThere(Printed paper, List<JsonNode> fired) {
        assertThat(fired).isNotEmpty();
        for (JsonNode alert : fired) {
            assertPrinted(paper, alert.get("rule").asString(), FORMAT.time(Instant.parse(alert.get("at").asString())));
        }
        Map<String, Long> rows = fired.stream().collect(Collectors.groupingBy(
                a -> a.get("severity").asString() + "/" + a.get("action").asString(), Collectors.counting()));
        rows.forEach((severityAction, count) -> assertThat((long) occurrences(paper, severityAction))
                .as(severityAction + " rows").isEqualTo(count));
    }

    private static void assertPrinted(Printed paper, String... texts) {
        for (String text : texts) {
            assertThat(paper.text().contains(squeeze(text))).as("'%s' printed in %s", text, paper.pdf()).isTrue();
        }
    }

    private static int occurrences(Printed paper, String text) {
        return paper.text().split(Pattern.quote(squeeze(text)), -1).length - 1;
    }

    /**
     * Text without white space and hyphens: a narrow cell wraps its words wherever it must, and pdftotext joins a
     * word broken after a hyphen without the hyphen ({@code throughput-} / {@code floor} gives
     * {@code throughputfloor}).
     */
    private static String squeeze(String text) {
        return text.replaceAll("[\\s-]+", "");
    }

    // ------------------------------------------------------------------------------------- ledger and topic

    /** The data of each FIRING alert of the migration on migration.alerts. */
    private static List<JsonNode> firings(String migration) {
        return AlertsTopic.alertsOf(testbed.bootstrapServers(), migration).stream().map(e -> e.get("data"))
                .filter(d -> d.get("state").asString().equals("FIRING")).toList();
    }

    private static List<Map<String, Object>> alertRows(String migration, String state) {
        return service.getBean(JdbcClient.class)
                .sql("SELECT rule, at FROM alert WHERE migration_id = ? AND state = ? ORDER BY at, seq")
                .param(migration).param(state).query().listOfRows();
    }

    /** The stored CloudEvents of the migration, in event-time order. */
    private static List<JsonNode> ledgerEvents(String migration) {
        return service.getBean(JdbcClient.class)
                .sql("SELECT body FROM ledger_event WHERE migration_id = ? ORDER BY event_time, seq")
                .param(migration).query(String.class).list().stream().map(JSON::readTree).toList();
    }

    /** Per table, the last reconciliation event in the ledger (every one of this scenario carries both sides). */
    private static Map<String, JsonNode> latestReconciliations(List<JsonNode> ledger) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        ledger.stream().filter(e -> e.get("type").asString().equals("migration.reconciliation.v1"))
                .forEach(e -> latest.put(e.at("/data/table").asString(), e));
        return latest;
    }

    // --------------------------------------------------------------------------------------------------- http

    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Instant instant(Object value) {
        if (value instanceof JsonNode node) {
            return Instant.parse(node.asString());
        }
        return value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : Instant.parse(value.toString());
    }
}
