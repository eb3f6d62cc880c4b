package io.squeezenet.dse.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.api.WorkerTestSupport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its chromedriver, with every host but
 * the server unreachable (its resolver finds no other name), so the pages must work from the jar alone. A sweep is made
 * through {@code /new} as a user would, watched to 100% on {@code /} without a reload, and opened; a second sweep is
 * cancelled from its button; a sweep named like markup stays text. Screenshots of every page go to
 * {@code target/screenshots/}.
 */
@Tag("browser")
class DashboardBrowserTest extends WorkerTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String XSS = "<img src=x onerror=alert(1)>";

    static ChromeDriver browser;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeAll
    static void startBrowser(@TempDir Path profile) throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium: run scripts/install-deps.sh").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver: run scripts/install-deps.sh").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                // the offline promise: no name resolves but the server's own address
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        // the driver is given, so Selenium Manager never runs (it would look for drivers online)
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    String page(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    WebDriverWait waiting(Duration atMost) {
        // live pages redraw their parts: an element found a moment ago may have been replaced since
        return (WebDriverWait) new WebDriverWait(browser, atMost, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class);
    }

    void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    @Test
    void aUserRunsASweepFromTheDashboard() throws Exception {
        browser.get(page("/"));
        // the token goes in through the page's own dialog, as a user pastes it
        browser.findElement(By.id("token-button")).click();
        type("token-input", adminToken());
        browser.findElement(By.id("token-save")).click();
        waiting(Duration.ofSeconds(20)).until(d -> adminToken().equals(script("return localStorage.getItem('dse-token')")));

        browser.get(page("/new"));
        waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-count"), "trials"));
        type("f-name", "dashboard sweep");
        new Select(browser.findElement(By.id("f-dataset"))).selectByValue("synthetic");
        type("f-grid-base_e", "32");
        type("f-grid-incr_e", "32");
        type("f-grid-sr", "0.25, 7");   // the server refuses 7 and names grid.sr
        WebElement srError = browser.findElement(By.id("error-grid-sr"));
        waiting(Duration.ofSeconds(20)).until(d -> srError.getText().contains("0 < sr <= 1"));
        assertThat(browser.findElement(By.id("f-grid-sr")).getAttribute("aria-invalid")).isEqualTo("true");
        type("f-grid-sr", "0.25, 0.5");
        for (String[] field : new String[][] {{"epochs", "2"}, {"train_subset", "320"}, {"test_subset", "100"},
                {"batch_size", "32"}, {"input_size", "3x12x12"}, {"seeds", "1"}}) {
            type("f-training-" + field[0], field[1]);
        }
        waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("preview-count")).getText()
                .startsWith("2 trials: 2 designs × 1 seed, 2 epochs each on synthetic"));
        assertThat(srError.getText()).isEmpty();
        List<WebElement> designs = browser.findElements(By.cssSelector("#preview-designs tbody tr"));
        assertThat(designs).hasSize(2);
        // the preview's sizes are the planner's: the API answers the same for the same design
        JsonNode planned = ok(post("/api/v1/sweeps/preview", "{\"name\": \"p\", \"grid\": {\"base_e\": [32], \"incr_e\": [32],"
                + " \"sr\": [0.25]}, \"training\": {\"dataset\": \"synthetic\", \"input_size\": \"3x12x12\"}}"));
        assertThat(designs.get(0).getText()).contains(String.format(java.util.Locale.US, "%,d",
                planned.get("designs").get(0).get("params").asLong()));
        screenshot("new");
        browser.findElement(By.id("submit")).click();
        waiting(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("/sweeps/\\d+$"));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/", ""));

        // `/` follows the sweep to 100% by itself: no reload from here on
        browser.get(page("/"));
        By progress = By.cssSelector("tr[data-sweep-id='" + id + "'] .progress-text");
        waiting(Duration.ofMinutes(5)).until(d -> d.findElement(progress).getText().equals("100.0%"));
        assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live");
        screenshot("sweeps");

        browser.get(page("/sweeps/" + id));
        waiting(Duration.ofSeconds(30)).until(d -> "2".equals(d.findElement(By.id("chart-figure")).getAttribute("data-points")));
        assertThat(browser.findElements(By.cssSelector("#chart-figure canvas"))).as("the drawn figure").isNotEmpty();
        assertThat(browser.findElement(By.id("chart-pareto")).getAttribute("data-points")).isEqualTo("2");
        List<WebElement> rows = browser.findElements(By.cssSelector("#trial-rows tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains("SUCCEEDED").contains("end-to-end"));
        assertThat(script("return typeof echarts === 'object' && performance.getEntriesByType('resource')"
                + ".every(e => e.name.startsWith(location.origin))")).as("everything came from the server").isEqualTo(true);
        screenshot("sweep");

        rows.get(0).findElement(By.tagName("a")).click();
        waiting(Duration.ofSeconds(30)).until(d -> "2".equals(d.findElement(By.id("chart-epochs")).getAttribute("data-points")));
        // the layer table is drawn after the curves, from its own request
        waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#layer-rows tbody tr")).size() >= 12);
        assertThat(browser.findElements(By.cssSelector("#layer-rows tbody tr"))).as("conv1, pools, 8 Fire modules, conv10")
                .hasSizeGreaterThanOrEqualTo(12);
        assertThat(browser.findElement(By.id("weights-link")).getAttribute("href")).as("a small sweep keeps its weights")
                .endsWith("/weights");
        assertThat(browser.findElement(By.id("facts")).getText()).contains("SUCCEEDED").contains("SR 0.25");
        screenshot("trial");

        browser.get(page("/workers"));
        waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("workers")).getText().contains("end-to-end"));
        screenshot("workers");
    }

    @Test
    void aSweepIsCancelledFromItsButton() throws Exception {
        JsonNode sweep = ok(post("/api/v1/sweeps", "{\"name\": \"to cancel\", \"grid\": {\"base_e\": [32], \"incr_e\": [32],"
                + " \"sr\": [0.125, 0.25, 0.5, 0.75]}, \"training\": {\"dataset\": \"synthetic\", \"epochs\": 20,"
                + " \"train_subset\": 1000, \"input_size\": \"3x12x12\"}}"));
        long id = sweep.get("id").asLong();
        browser.get(page("/"));
        script("localStorage.setItem('dse-token', arguments[0])", adminToken());
        browser.get(page("/sweeps/" + id));
        WebElement cancel = waiting(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("cancel")));
        cancel.click();
        browser.switchTo().alert().accept();
        waiting(Duration.ofSeconds(60)).until(d -> d.findElement(By.id("facts")).getText().contains("CANCELLED"));
        assertThat(ok(get("/api/v1/sweeps/" + id)).get("cancelled_at").isNull()).isFalse();
        assertThat(browser.findElement(By.id("cancel")).isEnabled()).isFalse();
    }

    @Test
    void aNameLikeMarkupStaysText() throws Exception {
        long id = ok(post("/api/v1/sweeps", "{\"name\": \"" + XSS + "\", \"training\": {\"dataset\": \"synthetic\","
                + " \"epochs\": 1, \"train_subset\": 64, \"test_subset\": 32, \"input_size\": \"3x12x12\"}}")).get("id").asLong();
        browser.get(page("/"));
        WebElement link = waiting(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-sweep-id='" + id + "'] a.sweep-name")));
        assertThat(link.getText()).isEqualTo(XSS);
        assertThat(browser.findElements(By.cssSelector("#sweeps img"))).isEmpty();
        browser.get(page("/sweeps/" + id));
        waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("title")).getText().equals(XSS));
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    /** A failed trial's page shows its error in full, as text, and the sweep's Retry button queues it again. */
    @Test
    void aFailedTrialShowsItsErrorAndIsRetriedFromItsSweep() throws Exception {
        // long enough to train that, queued again, it is seen queued or running
        JsonNode sweep = ok(post("/api/v1/sweeps", "{\"name\": \"to fail\", \"training\": {\"dataset\": \"synthetic\","
                + " \"epochs\": 30, \"train_subset\": 2000, \"input_size\": \"3x12x12\"}}"));
        long id = sweep.get("id").asLong();
        long trial = sweep.get("trials").get(0).get("id").asLong();
        ok(post("/api/v1/sweeps/" + id + "/cancel", null));   // the worker must not take it first
        String error = "java.lang.IllegalStateException: loss is NaN at epoch 1 <script>alert(2)</script>\n\tat line 1"
                + "\n\tat line 2";
        // as a worker records a failure: in the database
        jdbc.update("UPDATE trials SET status = 'FAILED', attempt = 1, error = ?, finished_at = now() WHERE id = ?",
                error, trial);
        jdbc.update("UPDATE sweeps SET cancelled_at = NULL WHERE id = ?", id);
        browser.get(page("/"));
        script("localStorage.setItem('dse-token', arguments[0])", adminToken());
        browser.get(page("/trials/" + trial));
        WebElement shown = waiting(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("trial-error")));
        assertThat(shown.getText()).as("in full, markup as text").contains("loss is NaN at epoch 1 <script>alert(2)</script>")
                .contains("at line 1").contains("at line 2");
        assertThat(browser.findElements(By.cssSelector("main script"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        browser.findElement(By.id("sweep-link")).click();
        WebElement retry = waiting(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("retry-failed")));
        retry.click();
        browser.switchTo().alert().accept();
        waiting(Duration.ofSeconds(60)).until(d -> List.of("QUEUED", "RUNNING").contains(status(trial)));
        ok(post("/api/v1/sweeps/" + id + "/cancel", null));
    }

    String status(long trial) {
        try {
            return ok(get("/api/v1/trials/" + trial)).get("status").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pagesFitAPhoneWidth() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String path : List.of("/", "/new", "/workers")) {
                browser.get(page(path));
                waiting(Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("content")).getText().startsWith("Loading"));
                assertThat((Long) script("return document.documentElement.scrollWidth - window.innerWidth"))
                        .as(path + ": wide tables scroll inside their frame, the page does not; too wide: " + script(
                                "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap')"
                                        + " && e.getBoundingClientRect().right > innerWidth + 1)"
                                        + ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"))
                        .isLessThanOrEqualTo(0L);
                screenshot("phone" + path.replace('/', '-').replaceAll("-$", "-sweeps"));
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }
    }
}
