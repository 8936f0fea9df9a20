package io.bramble.center.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;

import io.bramble.center.Center;
import io.bramble.center.TestCenter;
import io.bramble.center.api.Api;
import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;

/**
 * The dashboard in a real Chromium (Debian's /usr/bin/chromium driven by Playwright) against a
 * real center holding a 3 × 8 rack of Pis plus one in the tray.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The target is 1 s; the bound leaves room for a CI machine busy with other builds. */
    private static final double LIVE_MS = 2_000;

    @TempDir static Path dir;
    static TestCenter tc;
    static Center restarted;
    static String base;
    static DemoFleet fleet;
    static Playwright playwright;
    static Browser browser;
    /** One logged-in admin tab shared by the tests that need nothing else: opening a tab costs seconds on a busy machine. */
    static BrowserContext adminContext;
    static Page adminPage;
    /** Script errors and Content Security Policy refusals: a page that works must have none. */
    static final List<String> pageProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
    BrowserContext freshContext;
    Page page;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Chromium at /usr/bin/chromium (Debian package 'chromium'); CI installs it");
        tc = new TestCenter(dir);
        base = tc.center.url();
        fleet = new DemoFleet(tc).enroll(3, 8, 1);
        fleet.heartbeatAll();
        fleet.history(fleet.byName.get("node05"), 30, Duration.ofMinutes(2));
        tc.http.post("/api/v1/users", tc.adminToken(), Map.of("username", "vera", "password", "viewer-password-1", "role", "viewer"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void stop() {
        if (adminContext != null) adminContext.close();
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (restarted != null) restarted.close();
        else if (tc != null) tc.close();
    }

    @AfterEach
    void checkPageAndCloseFreshContext() {
        if (freshContext != null) freshContext.close();
        List<String> problems = List.copyOf(pageProblems);
        pageProblems.clear();
        assertThat(problems).as("script errors or CSP refusals in the page").isEmpty();
    }

    private static Page watched(Page p) {
        p.onPageError(pageProblems::add);
        p.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy") || m.text().contains("Uncaught")) pageProblems.add(m.text());
        });
        return p;
    }

    /** A new browser profile with no session, for the login form and other users. */
    private Page freshPage() {
        freshContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        freshContext.setDefaultTimeout(10_000);
        page = watched(freshContext.newPage());
        return page;
    }

    private String url(String path) {
        return base + path;
    }

    /** Logs in through the login form of a fresh profile. */
    private void logIn(String user, String password) {
        freshPage();
        page.navigate(url("/"));
        assertThat(page).hasURL(url("/login?next=%2F"));
        page.fill("#username", user);
        page.fill("#password", password);
        page.click("#login-button");
        assertThat(page).hasURL(url("/"));
    }

    /**
     * Opens the fleet page in the shared admin tab, logged in through the API (the login form has
     * its own tests), with the page's remembered choices (metric, view) cleared.
     */
    private void logInAsAdmin() {
        if (adminPage == null) {
            String session = tc.http.post("/api/v1/session", null, Map.of("username", "admin", "password", TestCenter.ADMIN_PASSWORD))
                    .json().path("token").asString();
            adminContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
            adminContext.setDefaultTimeout(10_000);
            adminContext.addCookies(List.of(new com.microsoft.playwright.options.Cookie(Api.SESSION_COOKIE, session).setUrl(base)));
            adminPage = watched(adminContext.newPage());
        }
        page = adminPage;
        if (page.url().startsWith(base)) page.evaluate("() => localStorage.clear()");
        page.navigate(url("/"));
        assertThat(page).hasURL(url("/"));
        // the stream is open: from now on every change reaches the page
        assertThat(page.locator("#conn")).hasText("live");
    }

    private Locator tile(String name) {
        return page.locator(".tile[data-node=\"" + name + "\"]");
    }

    private static LocatorAssertions.HasAttributeOptions within(double ms) {
        return new LocatorAssertions.HasAttributeOptions().setTimeout(ms);
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheLoginPage() {
        freshPage();
        page.navigate(url("/nodes/node01"));
        assertThat(page).hasURL(url("/login?next=%2Fnodes%2Fnode01"));
        page.fill("#username", "admin");
        page.fill("#password", "not-the-password");
        page.click("#login-button");
        assertThat(page.locator("#login-error")).hasText("Wrong username or password.");
        page.fill("#password", TestCenter.ADMIN_PASSWORD);
        page.click("#login-button");
        assertThat(page).hasURL(url("/nodes/node01"));
    }

    @Test
    @Order(2)
    void afterLoginTheRackShowsEveryPiAsATile() {
        logInAsAdmin();
        assertThat(page.locator("#rack-view .rack .tile")).hasCount(24);
        assertThat(page.locator(".rackrow")).hasCount(3);
        assertThat(page.locator(".rackrow[data-row=\"2\"] .tile")).hasCount(8);
        assertThat(page.locator("#tray .tile")).hasCount(1);
        assertThat(page.locator("#tray .tile")).hasAttribute("data-node", "node25");
        assertThat(page.locator(".row-power")).hasCount(3);
        // simulated Pis say so on their tile
        long simulated = fleet.pis.stream().filter(DemoFleet.Pi::simulated).count();
        assertThat(page.locator(".tile.sim .sim-badge")).hasCount((int) simulated);
        assertThat(page.locator(".tile[data-node=\"node01\"] .sim-badge")).hasCount(0);
        assertThat(tile("node02").locator(".sim-badge")).hasText("SIM");
        assertThat(page.locator("#counts .count[data-state=\"\"] b")).hasText("25");
        assertThat(page.locator("#undervoltage")).containsText("node11");
        assertThat(page.locator("#role")).hasText("admin");
    }

    @Test
    @Order(3)
    void switchingTheHeatmapMetricRecoloursTheTilesAndTheLegend() {
        logInAsAdmin();
        assertThat(tile("node03").locator(".value")).hasText(java.util.regex.Pattern.compile("^\\d+\\.\\d\\d$"));
        String loadColour = (String) tile("node03").evaluate("e => getComputedStyle(e).backgroundColor");
        page.selectOption("#metric", "temperature");
        assertThat(tile("node03").locator(".value")).hasText(java.util.regex.Pattern.compile("^\\d+\\.\\d °C$"));
        assertThat(page.locator("#legend")).containsText("°C");
        String tempColour = (String) tile("node03").evaluate("e => getComputedStyle(e).backgroundColor");
        assertThat(tempColour).isNotEqualTo(loadColour);
        // the hottest Pi is redder than the coolest
        DemoFleet.Pi hottest = fleet.pis.stream().max(java.util.Comparator.comparingDouble(DemoFleet.Pi::temp)).orElseThrow();
        DemoFleet.Pi coolest = fleet.pis.stream().min(java.util.Comparator.comparingDouble(DemoFleet.Pi::temp)).orElseThrow();
        assertThat(red(tile(hottest.name()))).isGreaterThan(red(tile(coolest.name())));
        page.selectOption("#metric", "throttling");
        assertThat(tile("node11").locator(".value")).hasText("under-volt");
        assertThat(tile("node18").locator(".value")).hasText("earlier");
        assertThat(page.locator("#legend .cat")).hasCount(4);
        page.reload();
        assertThat(page.locator("#metric")).hasValue("throttling");
        page.selectOption("#metric", "load");
    }

    private static int red(Locator tile) {
        String rgb = (String) tile.evaluate("e => getComputedStyle(e).backgroundColor");
        return Integer.parseInt(rgb.replaceAll("rgba?\\((\\d+).*", "$1"));
    }

    @Test
    @Order(4)
    void aTileChangesLiveAfterAHeartbeat() {
        logInAsAdmin();
        assertThat(page.locator("#conn")).hasText("live");
        DemoFleet.Pi pi = fleet.byName.get("node07");
        var s = fleet.sample(pi, tc.clock.instant());
        fleet.heartbeat(pi, new io.bramble.core.wire.Sample(s.at(), 3.87, 3.5, 3.0, 97.0, s.memTotalBytes(), s.memAvailableBytes(),
                s.diskTotalBytes(), s.diskUsedBytes(), List.of(), 1L, 2L, 10.0, 83.5, s.throttled()));
        assertThat(tile("node07").locator(".value")).hasText("3.87", new LocatorAssertions.HasTextOptions().setTimeout(LIVE_MS));
        // hotter than health.hotCelsius: the center calls it degraded and the tile follows
        assertThat(tile("node07")).hasAttribute("data-state", "degraded", within(LIVE_MS));
        assertThat(page.locator("#hottest li").first()).containsText("node07");
        fleet.heartbeat(pi);
        assertThat(tile("node07")).hasAttribute("data-state", "up", within(LIVE_MS));
    }

    @Test
    @Order(5)
    void aNodePageShowsFactsThrottlingAndHistoryCharts() {
        logInAsAdmin();
        tile("node05").click();
        assertThat(page).hasURL(url("/nodes/node05"));
        assertThat(page.locator("#node-name")).hasText("node05");
        assertThat(page.locator("#facts")).containsText("Raspberry Pi 4 Model B Rev 1.5");
        assertThat(page.locator("#facts")).containsText("d03115 (4B, BCM2711, Sony UK)");
        assertThat(page.locator("#simulated")).hasText("simulated");
        assertThat(page.locator("#throttle-flags tbody tr")).hasCount(4);
        assertThat(page.locator("#charts .chart .uplot")).hasCount(5);
        assertThat(page.locator("#charts .chart[data-chart=\"temperature\"] canvas")).hasCount(1);
        assertThat(page.locator("#resolution")).containsText("raw");
        assertThat(page.locator("#node-events li").first()).containsText("node.");
        page.click("[data-range=\"24h\"]");
        assertThat(page.locator("#resolution")).containsText("1-minute");
        page.click("[data-range=\"1h\"]");
        assertThat(page.locator("#resolution")).containsText("raw");
        // the throttling flags of a Pi that is under-voltage now
        page.navigate(url("/nodes/node11"));
        assertThat(page.locator("#throttle-flags tbody tr").first().locator("td").nth(1)).hasText("yes");
        assertThat(page.locator("#throttle-flags tbody tr").first().locator("td").nth(2)).hasText("yes");
    }

    @Test
    @Order(6)
    void anOperatorEditsALabelAndTheTimelineSaysWho() {
        logInAsAdmin();
        page.navigate(url("/nodes/node09"));
        page.fill("#edit-labels", "tier=back\nowner=lab");
        page.click("#edit-save");
        assertThat(page.locator("#edit-message")).hasText("saved");
        assertThat(tc.center.nodes().byName("node09").orElseThrow().labels())
                .as(() -> "audit: " + tc.center.audit().recent(10)).containsEntry("owner", "lab");
        assertThat(page.locator("#node-events li").first()).containsText("node.edited");
        assertThat(page.locator("#node-events li").first()).containsText("by admin");
        // a bad label is refused with the API's reason and changes nothing
        page.fill("#edit-labels", "9bad=x");
        page.click("#edit-save");
        assertThat(page.locator("#edit-message")).containsText("must start with a letter");
        assertThat(tc.center.nodes().byName("node09").orElseThrow().labels()).containsEntry("owner", "lab");
        // a rename keeps the page, under the new name
        page.fill("#edit-labels", "tier=back\nowner=lab");
        page.fill("#edit-name", "node09-lab");
        page.click("#edit-save");
        assertThat(page).hasURL(url("/nodes/node09-lab"));
        assertThat(page.locator("#node-name")).hasText("node09-lab");
        assertThat(tc.center.nodes().byName("node09-lab")).isPresent();
        // the events page has it too, and filters by kind
        page.navigate(url("/events"));
        page.selectOption("#type-filter", "edits");
        assertThat(page.locator("#events li").first()).containsText("renamed node09 → node09-lab");
        assertThat(page.locator("#events li").nth(1)).containsText("owner=lab");
    }

    @Test
    @Order(7)
    void aNodeInTheTrayIsPlacedInAnEmptySlot() {
        tc.http.patch("/api/v1/nodes/node24", tc.adminToken(), Map.of("location", Map.of()));
        logInAsAdmin();
        assertThat(page.locator(".slot-empty")).hasCount(1);
        assertThat(page.locator("#tray .tile")).hasCount(2);
        page.locator("#tray .tile[data-node=\"node25\"]").dragTo(page.locator(".slot-empty[data-slot=\"rack1/3/8\"]"));
        assertThat(tile("node25").locator(".foot")).containsText("r3·s8");
        assertThat(page.locator(".slot-empty")).hasCount(0);
        var placed = tc.center.nodes().byName("node25").orElseThrow().location();
        assertThat(placed.row()).isEqualTo(3);
        assertThat(placed.slot()).isEqualTo(8);
        assertThat(page.locator("#tray .tile")).hasCount(1);
    }

    @Test
    @Order(8)
    void theTableSortsAndTheSearchFilters() {
        logInAsAdmin();
        page.click("#view-table");
        assertThat(page.locator("#node-table tbody tr")).hasCount(25);
        page.click("#node-table th[data-key=\"temperature\"]");
        DemoFleet.Pi hottest = fleet.pis.stream().max(java.util.Comparator.comparingDouble(DemoFleet.Pi::temp)).orElseThrow();
        assertThat(page.locator("#node-table tbody tr").first()).hasAttribute("data-node", hottest.name());
        page.fill("#search", "tier=front");
        assertThat(page.locator("#node-table tbody tr")).hasCount(8);
        page.fill("#search", "");
        page.selectOption("#role-filter", "db");
        assertThat(page.locator("#node-table tbody tr")).hasCount(6);
        page.selectOption("#role-filter", "");
        page.click("#view-rack");
        page.fill("#search", "node1");
        // the rack keeps its shape; tiles that do not match fade
        assertThat(page.locator("#rack-view .tile:not(.dim)")).hasCount(10);
    }

    @Test
    @Order(9)
    void aSilentNodeTurnsAmberThenRed() {
        logInAsAdmin();
        assertThat(tile("node12")).hasAttribute("data-state", "up");
        tc.clock.advance(Duration.ofSeconds(20));
        fleet.heartbeatAllBut("node12");
        tc.center.nodes().checkHealth();
        assertThat(tile("node12")).hasAttribute("data-state", "stale", within(LIVE_MS));
        assertThat(stateColour(tile("node12"))).isEqualTo("rgb(245, 158, 11)");
        tc.clock.advance(Duration.ofSeconds(45));
        fleet.heartbeatAllBut("node12");
        tc.center.nodes().checkHealth();
        assertThat(tile("node12")).hasAttribute("data-state", "down", within(LIVE_MS));
        assertThat(stateColour(tile("node12"))).isEqualTo("rgb(229, 72, 77)");
        assertThat(page.locator("#counts .count[data-state=\"down\"] b")).hasText("1");
        fleet.heartbeat(fleet.byName.get("node12"));
        assertThat(tile("node12")).hasAttribute("data-state", "up", within(LIVE_MS));
    }

    private static String stateColour(Locator tile) {
        return (String) tile.evaluate("e => getComputedStyle(e, '::before').backgroundColor");
    }

    @Test
    @Order(10)
    void aViewerSeesNoControlsThatChangeThings() {
        logIn("vera", "viewer-password-1");
        assertThat(page.locator("#role")).hasText("viewer");
        assertThat(page.locator("#rack-view .tile")).hasCount(25);
        assertThat(page.locator(".tile[draggable=\"true\"]")).hasCount(0);
        assertThat(page.locator("#place-form")).hasCount(0);
        page.navigate(url("/nodes/node03"));
        assertThat(page.locator("#facts")).containsText("Raspberry Pi");
        assertThat(page.locator("#edit-form")).hasCount(0);
        assertThat(page.locator("#edit-panel")).hasCount(0);
        // and the API refuses the viewer even when the page's own script tries
        Object status = page.evaluate("async () => (await fetch('/api/v1/nodes/node03', {method: 'PATCH', headers: {'Content-Type': "
                + "'application/json', 'X-CSRF-Token': JSON.parse(document.getElementById('boot').textContent).csrfToken}, "
                + "body: JSON.stringify({labels: {x: 'y'}})})).status");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(tc.center.nodes().byName("node03").orElseThrow().labels()).doesNotContainKey("x");
    }

    @Test
    @Order(11)
    void logOutEndsTheSession() {
        logIn("admin", TestCenter.ADMIN_PASSWORD);
        page.navigate(url("/login?next=%2Fevents"));
        // the login page sends someone already logged in on
        assertThat(page).hasURL(url("/events"));
        page.click("#logout");
        assertThat(page).hasURL(url("/login"));
        page.navigate(url("/events"));
        assertThat(page).hasURL(url("/login?next=%2Fevents"));
    }

    @Test
    @Order(12)
    void theRackViewScreenshotForTheDocs() throws Exception {
        // a realistic moment: one Pi silent long enough to be down, one just gone stale
        tc.clock.advance(Duration.ofSeconds(45));
        fleet.heartbeatAllBut("node13");
        tc.clock.advance(Duration.ofSeconds(20));
        for (DemoFleet.Pi p : fleet.pis) if (!p.name().equals("node13") && !p.name().equals("node19")) fleet.heartbeat(p);
        tc.center.nodes().checkHealth();
        logInAsAdmin();
        page.selectOption("#metric", "temperature");
        assertThat(page.locator("#rack-view .rack .tile")).hasCount(24);
        assertThat(tile("node13")).hasAttribute("data-state", "down");
        assertThat(tile("node19")).hasAttribute("data-state", "stale");
        assertThat(page.locator("#conn")).hasText("live");
        Path rack = screenshot("rack.png");
        // `-Dbramble.docs.screenshots=true` refreshes the pictures the docs show
        if (Boolean.getBoolean("bramble.docs.screenshots")) {
            page.navigate(url("/nodes/node05"));
            assertThat(page.locator("#charts .chart .uplot")).hasCount(5);
            Path node = screenshot("node.png");
            page.navigate(url("/events"));
            assertThat(page.locator("#events li").first()).isVisible();
            Path events = screenshot("events.png", false);
            Path docs = Files.createDirectories(Path.of("..", "docs", "images"));
            for (Path p : List.of(rack, node, events))
                Files.copy(p, docs.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        fleet.heartbeatAll();
        page.navigate(url("/"));
        page.selectOption("#metric", "load");
    }

    private Path screenshot(String name) throws Exception {
        return screenshot(name, true);
    }

    private Path screenshot(String name, boolean fullPage) throws Exception {
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(fullPage));
        assertThat(Files.size(out)).as(name).isGreaterThan(20_000);
        return out;
    }

    @Test
    @Order(13)
    void thePageReconnectsByItselfAfterTheCenterRestarts() {
        logInAsAdmin();
        assertThat(page.locator("#conn")).hasText("live");
        int port = tc.center.port();
        tc.close();
        assertThat(page.locator("#conn")).hasText("reconnecting…");
        CenterConfig cfg = ConfigLoader.parse("test.yaml", "http:\n  port: " + port + "\ndataDir: \"" + dir + "\"\n"
                + "auth:\n  passwordIterations: 10000\n", CenterConfig.class);
        restarted = Center.start(cfg, tc.clock, TestCenter.ADMIN_PASSWORD, new PrintStream(new ByteArrayOutputStream()));
        assertThat(page.locator("#conn")).hasText("live", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        // the same session still works, and live updates flow again
        DemoFleet.Pi pi = fleet.byName.get("node02");
        // a later beat than the page's resync after reconnecting read, as on a real clock (the page keeps the newer one)
        tc.clock.advance(java.time.Duration.ofSeconds(1));
        var s = fleet.sample(pi, tc.clock.instant());
        var beat = tc.heartbeat(pi.credential(), new io.bramble.core.wire.Sample(s.at(), 2.22, 2.0, 1.8, 50.0, s.memTotalBytes(),
                s.memAvailableBytes(), s.diskTotalBytes(), s.diskUsedBytes(), List.of(), 1L, 2L, 10.0, 50.0, s.throttled()));
        assertThat(beat.status()).as(beat.body()).isEqualTo(200);
        assertThat(tile("node02").locator(".value")).hasText("2.22", new LocatorAssertions.HasTextOptions().setTimeout(LIVE_MS));
        assertThat(page).hasURL(url("/"), new PageAssertions.HasURLOptions().setTimeout(1000));
    }
}
