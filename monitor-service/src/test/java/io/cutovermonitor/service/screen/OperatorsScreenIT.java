package io.cutovermonitor.service.screen;

import io.cutovermonitor.service.demo.DemoRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' screen at {@code /} in a real browser (Debian's headless Chromium driven by Selenium through
 * chromedriver) while the demo plays its cutover into the service: the fleet lists every migration, the
 * integrity-errors rollback trigger appears with its countdown within 2 s of its alert on {@code migration.alerts},
 * and a GO recorded from the screen resolves it on the screen, in the API and on the topic. Screenshots of the three
 * views go to {@code target/screen/}.
 */
class OperatorsScreenIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "war-room-" + System.nanoTime();
    private static final Path SCREENSHOTS = Path.of("target", "screen");

    @Test
    void theWarRoomSeesTheRollbackTriggerArriveAndAnswersItFromTheScreen(@TempDir Path work) throws IOException {
        String h2 = "jdbc:h2:file:" + work.resolve("ledger") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (DemoRun demo = DemoRun.start(work, 0, List.of(
                "--spring.datasource.url=" + h2,
                "--monitor.security.users[0].name=lead",
                "--monitor.security.users[0].password={noop}" + PASSWORD,
                "--monitor.security.users[0].roles=OPERATOR",
                "--monitor.demo.enabled=true",
                "--monitor.demo.speed=1200",               // the cutover night in about 20 s
                "--monitor.demo.observation-speed=1000000",
                "--monitor.demo.decision-hold=25s"));      // the demo's own GO comes 25 s after its trigger
             Browser browser = Browser.start()) {
            WebDriver page = browser.driver();
            String base = "http://127.0.0.1:" + demo.httpPort() + "/";

            // Given the war room's screen on the migration the demo plays
            page.get(base + "#/m/oms-demo");
            waitUpTo(page, 30).until(d -> !d.findElements(By.id("cutover")).isEmpty());
            assertThat(page.findElement(By.id("connection")).getText()).isEqualTo("live");

            // When the rollback trigger's alert reaches migration.alerts
            long onTopic = 0;
            long onScreen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((onTopic == 0 || onScreen == 0) && System.nanoTime() < deadline) {
                if (onTopic == 0 && demo.alerts().stream().anyMatch(OperatorsScreenIT::isTheTriggerFiring)) {
                    onTopic = System.nanoTime();
                }
                if (onScreen == 0 && !page.findElements(By.cssSelector(".trigger[data-rule='integrity-errors']")).isEmpty()) {
                    onScreen = System.nanoTime();
                }
            }
            assertThat(onTopic).as("the trigger's alert on migration.alerts").isPositive();
            assertThat(onScreen).as("the trigger on the screen").isPositive();

            // Then the screen shows it within 2 s, with the one who decides and a countdown to the deadline
            assertThat(Duration.ofNanos(onScreen - onTopic)).isLessThan(Duration.ofSeconds(2));
            String trigger = waitUpTo(page, 5).until(d ->
                    d.findElement(By.cssSelector(".trigger[data-rule='integrity-errors']")).getText());
            assertThat(trigger).contains("Migration Lead decides by")
                    .as("a countdown h:mm:ss").containsPattern("(?m)^\\d+:\\d{2}:\\d{2}$");
            screenshot(page, "cutover.png");

            // When the lead records GO from the screen
            WebElement form = page.findElement(By.cssSelector("form.decision"));
            new Select(form.findElement(By.name("decision"))).selectByVisibleText("GO");
            new Select(form.findElement(By.name("rule"))).selectByVisibleText("integrity-errors");
            form.findElement(By.name("by")).sendKeys("Migration Lead");
            form.findElement(By.name("reason")).sendKeys("the three differences are one re-keyed batch, reconciled");
            form.findElement(By.name("user")).sendKeys("lead");
            form.findElement(By.name("password")).sendKeys(PASSWORD);
            form.findElement(By.cssSelector("button[type=submit]")).click();

            // Then it is answered everywhere: on the screen, in the API and on the topic
            waitUpTo(page, 10).until(d ->
                    d.findElements(By.cssSelector(".trigger[data-rule='integrity-errors']")).isEmpty());
            String timeline = waitUpTo(page, 5).until(d -> d.findElement(By.id("timeline")).getText());
            assertThat(timeline).contains("GO by Migration Lead");
            JsonNode status = JSON.readTree(demo.get("/api/migrations/oms-demo"));
            assertThat(status.path("rollbackTriggers").valueStream()).noneMatch(t -> t.path("rule").asString()
                    .equals("integrity-errors"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(demo.alerts()).anyMatch(a ->
                    a.path("rule").asString().equals("integrity-errors") && a.path("state").asString().equals("RESOLVED")));

            // And the fleet lists every migration the API knows
            page.get(base + "#/");
            // (the fleet re-renders whenever a migration changes: rows are read in one go, again if one went stale)
            List<String> listed = waitUpTo(page, 10).until(d -> {
                List<String> rows = d.findElements(By.cssSelector("table.fleet tr[data-migration]")).stream()
                        .map(row -> row.getDomAttribute("data-migration")).toList();
                return rows.isEmpty() ? null : rows;
            });
            List<String> known = JSON.readTree(demo.get("/api/migrations")).path("migrations").valueStream()
                    .map(m -> m.path("id").asString()).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(known).contains("oms-demo");
            screenshot(page, "fleet.png");

            // And once the demo is in its observation period, the observation view counts its days by itself
            page.get(base + "#/m/oms-demo/observation");
            waitUpTo(page, 90).until(d -> d.findElements(By.id("observation-day"))
                    .stream().anyMatch(day -> day.getText().contains("day 30 of 30")));
            screenshot(page, "observation.png");
            assertThat(page.findElement(By.id("lag")).isDisplayed()).as("a monitor that caught up says nothing of lag")
                    .isFalse();

            // And the lead tries a 9-hour maintenance window on the night's record, from the screen
            page.get(base + "#/m/oms-demo/what-if");
            WebElement draft = waitUpTo(page, 10).until(d -> d.findElement(By.cssSelector("form.what-if")));
            WebElement plan = draft.findElement(By.name("plan"));
            String current = plan.getDomProperty("value");
            assertThat(current).as("the plan the demo put, as a start").contains("maintenanceWindow: PT8H");
            plan.clear();
            plan.sendKeys(current.replace("maintenanceWindow: PT8H", "maintenanceWindow: PT9H"));
            draft.findElement(By.name("user")).clear();
            draft.findElement(By.name("user")).sendKeys("lead");
            draft.findElement(By.name("password")).sendKeys(PASSWORD);
            draft.findElement(By.cssSelector("button[type=submit]")).click();
            String differences = waitUpTo(page, 20).until(d -> {
                String text = d.findElement(By.id("what-if-result")).getText();
                return text.contains("only on record") ? text : null;
            });
            assertThat(differences).contains("window-reserve");
            screenshot(page, "what-if.png");
            assertThat(browser.errors()).as("the browser console").isEmpty();

            // And when the monitor goes away, the screen says it is no longer live
            demo.close();
            String connection = waitUpTo(page, 20).until(d -> {
                String text = d.findElement(By.id("connection")).getText();
                return text.startsWith("connection lost") ? text : null;
            });
            assertThat(connection).isEqualTo("connection lost: reconnecting…");
        }
    }

    /** A wait that looks again when the element it had was replaced by the screen's refresh. */
    private static WebDriverWait waitUpTo(WebDriver page, int seconds) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static boolean isTheTriggerFiring(JsonNode alert) {
        return alert.path("migrationId").asString().equals("oms-demo")
                && alert.path("rule").asString().equals("integrity-errors")
                && alert.path("state").asString().equals("FIRING");
    }

    private static void screenshot(WebDriver page, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) page).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Headless Chromium from Debian's packages, with its own chromedriver (Selenium downloads nothing). */
    private record Browser(ChromeDriver driver) implements AutoCloseable {

        static Browser start() {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1100",
                    "--disable-dev-shm-usage");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options));
        }

        /** What the page logged as errors to the console. */
        List<String> errors() {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(Object::toString).toList();
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
