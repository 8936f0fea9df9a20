package io.bramble.center.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

import io.bramble.center.TestCenter;
import io.bramble.center.api.Api;
import io.bramble.center.nodes.Lifecycle;
import io.bramble.center.power.PowerSwitch;

/**
 * The provisioning page and the power controls in a real Chromium against a center with one row of
 * four Pis on simulated outlets, fed by a PSU too small for them, and a netboot profile to assign.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardOpsBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Four Pis of up to ~6-12 W each on a 10 W PSU: over-subscribed, so the row must warn. */
    private static final String POWER = """
            power:
              staggerOn: 0s
              cycleOffTime: 0s
              outlets:
                - {node: node01, driver: simulated}
                - {node: node02, driver: simulated}
                - {node: node03, driver: simulated}
                - {node: node04, driver: simulated}
              psus:
                - {name: row1, watts: 10, rack: rack1, row: 1}
            """;

    @TempDir static Path dir;
    static TestCenter tc;
    static String base;
    static Playwright playwright;
    static Browser browser;
    static final List<String> pageProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
    BrowserContext context;
    Page page;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Chromium at /usr/bin/chromium (Debian package 'chromium'); CI installs it");
        tc = new TestCenter(dir, POWER);
        base = tc.center.url();
        new DemoFleet(tc).enroll(1, 4, 0).heartbeatAll();
        String admin = tc.adminToken();
        tc.http.post("/api/v1/users", admin, Map.of("username", "olga", "password", "operator-password-1", "role", "operator"));
        tc.http.post("/api/v1/users", admin, Map.of("username", "vera", "password", "viewer-password-1", "role", "viewer"));
        var p = tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "raspios", "image", "http://files.example/raspios-lite.img.xz"));
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        // the meters are read every power.readEvery; read them now so the row shows measured watts
        tc.center.power().refresh();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (tc != null) tc.close();
    }

    @AfterEach
    void checkPageAndClose() {
        if (context != null) context.close();
        List<String> problems = List.copyOf(pageProblems);
        pageProblems.clear();
        assertThat(problems).as("script errors or CSP refusals in the page").isEmpty();
    }

    /** A browser profile logged in as {@code user} through the API (the login form has its own tests), on {@code path}. */
    private void open(String user, String password, String path) {
        String session = tc.http.post("/api/v1/session", null, Map.of("username", user, "password", password)).json().path("token").asString();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(10_000);
        context.addCookies(List.of(new com.microsoft.playwright.options.Cookie(Api.SESSION_COOKIE, session).setUrl(base)));
        page = context.newPage();
        page.onPageError(pageProblems::add);
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy") || m.text().contains("Uncaught")) pageProblems.add(m.text());
        });
        page.navigate(base + path);
        assertThat(page.locator("#conn")).hasText("live");
    }

    private Locator row(String node) {
        return page.locator("#prov-table tr[data-node=\"" + node + "\"]");
    }

    @Test
    @Order(1)
    void theProvisioningPageListsNodesAndAnOperatorAssignsAndRetires() {
        open("olga", "operator-password-1", "/provisioning");
        assertThat(page.locator("header nav a.on")).hasText("Provisioning");
        assertThat(page.locator("#prov-table tbody tr[data-node]")).hasCount(4);
        assertThat(row("node02").locator(".lc")).hasText("deployed");
        assertThat(page.locator("#lifecycle-counts [data-lifecycle=deployed] b")).hasText("4");

        row("node02").locator("select.profile-select").selectOption("raspios");
        row("node02").locator("button.assign").click();
        assertThat(row("node02").locator(".lc")).hasText("provisioning");
        assertThat(row("node02").locator(".profile")).hasText("raspios");
        assertThat(tc.center.nodes().byName("node02").orElseThrow().lifecycle()).isEqualTo(Lifecycle.PROVISIONING);

        // retiring asks first; cancelling changes nothing
        row("node03").locator("button.retire").click();
        assertThat(page.locator("#confirm-dialog")).isVisible();
        assertThat(page.locator("#confirm-dialog")).containsText("Retire node03?");
        page.click("#confirm-cancel");
        assertThat(page.locator("#confirm-dialog")).hasCount(0);
        assertThat(tc.center.nodes().byName("node03").orElseThrow().lifecycle()).isEqualTo(Lifecycle.DEPLOYED);
        row("node03").locator("button.retire").click();
        page.click("#confirm-ok");
        assertThat(row("node03").locator(".lc")).hasText("retired");
        assertThat(tc.center.nodes().byName("node03").orElseThrow().lifecycle()).isEqualTo(Lifecycle.RETIRED);

        // a change made elsewhere (the CLI) arrives through the stream
        var r = tc.http.post("/api/v1/boot/nodes/node04/assign", tc.token("operator"), Map.of("profile", "raspios"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(row("node04").locator(".lc")).hasText("provisioning");

        row("node01").locator("button.show-transfers").click();
        assertThat(page.locator("tr[data-transfers=node01]")).containsText("no boot transfers recorded for node01");
        screenshot("provisioning.png");
    }

    @Test
    @Order(2)
    void aViewerSeesTheProvisioningPageWithoutControls() {
        open("vera", "viewer-password-1", "/provisioning");
        assertThat(page.locator("#prov-table tbody tr[data-node]")).hasCount(4);
        assertThat(row("node03").locator(".lc")).hasText("retired");
        assertThat(page.locator("#prov-table th")).hasCount(7);
        assertThat(page.locator("#prov-table th:has-text('Actions')")).hasCount(0);
        assertThat(page.locator("button.assign, button.retire, button.reprovision, select.profile-select")).hasCount(0);
        page.navigate(base + "/nodes/node01");
        assertThat(page.locator("#outlet-state")).hasText("on");
        assertThat(page.locator("#power-buttons")).hasCount(0);
    }

    @Test
    @Order(3)
    void aRowShowsItsMeasuredPowerAgainstAnOverSubscribedPsu() {
        open("olga", "operator-password-1", "/");
        Locator row1 = page.locator(".row-power[data-rack=rack1][data-row=\"1\"]");
        assertThat(row1.locator(".figure")).hasText(Pattern.compile("^\\d+(\\.\\d)? W$"));
        assertThat(row1).containsText("of 10 W");
        assertThat(row1).hasClass(Pattern.compile("\\bover\\b"));
        assertThat(row1).hasAttribute("title", Pattern.compile("over-subscribed|overloaded now"));
        double watts = Double.parseDouble(row1.getAttribute("data-watts"));
        double measured = tc.center.power().view().outlets().stream().mapToDouble(o -> o.watts()).sum();
        assertThat(watts).isCloseTo(measured, org.assertj.core.data.Offset.offset(0.05));
        // a row no outlet or PSU covers has no figure
        assertThat(page.locator(".row-power[data-rack=rack1][data-row=\"2\"] .figure")).hasText("—");
        screenshot("fleet-power.png");
        // the figure leads to the row's page: its Pis and its power over time against the PSU
        row1.click();
        page.waitForURL(Pattern.compile(".*/rows/rack1/1$"));
        assertThat(page.locator("#row-title")).hasText("rack1 · row 1");
        long inRow = tc.center.nodes().list().stream().filter(n -> "rack1".equals(n.location().rack()) && Integer.valueOf(1).equals(n.location().row())).count();
        assertThat(page.locator("#row-nodes tbody tr")).hasCount((int) inRow);
        assertThat(page.locator("#row-budget")).containsText("10");
        assertThat(page.locator("#row-chart canvas, #row-chart .empty").first()).isVisible();
        // a Pi 5 in a row without outlet meters counts with its own PMIC reading
        String cred = tc.enroll("10000000dada0001", "pi5-self");
        tc.http.patch("/api/v1/nodes/pi5-self", tc.token("admin"), java.util.Map.of("location", java.util.Map.of("rack", "rack1", "row", 2, "slot", 1)));
        var s = tc.sample(0.4, 50.0);
        tc.heartbeat(cred, new io.bramble.core.wire.Sample(s.at(), s.load1(), s.load5(), s.load15(), s.cpuPercent(), s.memTotalBytes(),
                s.memAvailableBytes(), s.diskTotalBytes(), s.diskUsedBytes(), s.filesystems(), s.netRxBytes(), s.netTxBytes(),
                s.uptimeSeconds(), s.tempCelsius(), s.throttled(), 4.5));
        page.navigate(base + "/");
        assertThat(page.locator(".row-power[data-rack=rack1][data-row=\"2\"] .figure")).hasText("4.5 W");
    }

    @Test
    @Order(4)
    void anOperatorPowersANodeOffAfterConfirmingAndSeesTheJobFinish() {
        open("olga", "operator-password-1", "/nodes/node01");
        assertThat(page.locator("#outlet-state")).hasText("on");
        assertThat(page.locator(".chart[data-chart=power]")).hasCount(1);
        page.click("#power-off");
        assertThat(page.locator("#confirm-dialog")).containsText("Power off node01?");
        page.click("#confirm-cancel");
        assertThat(outlet("node01")).isEqualTo(PowerSwitch.State.ON);

        page.click("#power-off");
        page.click("#confirm-ok");
        assertThat(page.locator("#power-job")).containsText("off done");
        assertThat(outlet("node01")).isEqualTo(PowerSwitch.State.OFF);
        assertThat(page.locator("#outlet-state")).hasText("off");
        assertThat(page.locator("#node-state")).hasText("off");
        assertThat(tc.http.get("/api/v1/power", tc.token("viewer")).json().path("outlets").get(0).path("state").asString()).isEqualTo("off");
        screenshot("node-power.png");
    }

    /** A picture in target/screenshots; with {@code -Dbramble.docs.screenshots=true} also in docs/images. */
    private void screenshot(String name) {
        Path out = Path.of("target", "screenshots", name);
        page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(true));
        try {
            assertThat(Files.size(out)).as(name).isGreaterThan(20_000);
            if (Boolean.getBoolean("bramble.docs.screenshots"))
                Files.copy(out, Files.createDirectories(Path.of("..", "docs", "images")).resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PowerSwitch.State outlet(String node) {
        try {
            return tc.center.power().outlet(node).orElseThrow().power().status();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
