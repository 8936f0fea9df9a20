package io.bramble.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.bramble.agent.board.SimulatedBoard;
import io.bramble.center.api.Api;

/**
 * The locate flow in Chromium against the demo's simulated Pis (real agents with simulated boards):
 * an operator presses a simulated Pi's button from its page and a viewer's rack highlights the tile;
 * "Locate" blinks the Pi's LED. Skipped without /usr/bin/chromium (CI installs it).
 */
class LocateBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String PASSWORD = "locate-demo-pw-1";
    @TempDir static Path dir;
    static DemoCommand.Demo demo;
    static String base;
    static Playwright playwright;
    static Browser browser;
    static final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Chromium at /usr/bin/chromium (Debian package 'chromium'); CI installs it");
        demo = DemoCommand.Demo.start(DemoCommand.config(0, dir, 4), Clock.systemUTC(), PASSWORD, 4, new PrintStream(new ByteArrayOutputStream()));
        base = demo.center().url();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                demo.center().nodes().byName("node02").map(n -> n.location().placed() && demo.center().nodes().board(n.id()) != null).orElse(false));
        String admin = TestApi.login(base, "admin", PASSWORD);
        TestApi.post(base, "/api/v1/users", admin, Map.of("username", "olga", "password", "operator-password-1", "role", "operator"));
        TestApi.post(base, "/api/v1/users", admin, Map.of("username", "vera", "password", "viewer-password-1", "role", "viewer"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (demo != null) demo.close();
    }

    private static Page open(String user, String password, String path) throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(10_000);
        context.addCookies(List.of(new com.microsoft.playwright.options.Cookie(Api.SESSION_COOKIE, TestApi.login(base, user, password)).setUrl(base)));
        Page page = context.newPage();
        page.onPageError(problems::add);
        page.navigate(base + path);
        assertThat(page.locator("#conn")).hasText("live");
        return page;
    }

    private static SimulatedBoard board(String node) {
        return demo.agents().fleet().agents().stream().filter(a -> node.equals(a.nodeName()))
                .map(a -> (SimulatedBoard) a.board()).findFirst().orElseThrow();
    }

    @Test
    void aSimulatedPressHighlightsTheTileForAnotherViewerAndLocateBlinksTheLed() throws Exception {
        Page viewer = open("vera", "viewer-password-1", "/");
        Locator tile = viewer.locator(".tile[data-node=\"node02\"]");
        assertThat(tile).not().hasClass(Pattern.compile("\\blocated\\b"));
        Page operator = open("olga", "operator-password-1", "/nodes/node02");
        assertThat(operator.locator("#board-simulated")).isVisible();

        // the simulated Pi's button is pressed: within 1 s every open rack highlights it
        long t0 = System.nanoTime();
        board("node02").press();
        assertThat(tile).hasClass(Pattern.compile("\\blocated\\b"), new LocatorAssertions.HasClassOptions().setTimeout(1000));
        System.out.println("press to highlight in the other viewer's rack: " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        // pressed again, this time from the operator's page through the command channel: the highlight goes
        operator.locator("#press-button").click();
        assertThat(tile).not().hasClass(Pattern.compile("\\blocated\\b"));
        assertThat(operator.locator("#commands tr[data-status=\"done\"]").first()).containsText("press");

        // locate from the page: the tile is highlighted and the simulated Pi's locate LED blinks
        operator.locator("#locate-seconds").selectOption("30");
        operator.locator("#locate").click();
        assertThat(tile).hasClass(Pattern.compile("\\blocated\\b"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> board("node02").state().locating());
        assertThat(operator.locator("#board-locating")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        screenshot(operator, "node-board.png");
        operator.locator("#locate-clear").click();
        assertThat(tile).not().hasClass(Pattern.compile("\\blocated\\b"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !board("node02").state().locating());

        // a viewer sees the board but no controls
        Page viewerNode = open("vera", "viewer-password-1", "/nodes/node02");
        assertThat(viewerNode.locator("#board-led")).isVisible();
        assertThat(viewerNode.locator("#board-buttons")).hasCount(0);
        assertThat(problems).as("script errors in the pages").isEmpty();
    }

    /** Saves the page under target/screenshots; with -Dbramble.docs.screenshots=true also into docs/images. */
    private static void screenshot(Page page, String name) throws Exception {
        Path out = Path.of("target", "screenshots", name);
        page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(true));
        assertThat(Files.size(out)).as(name).isGreaterThan(20_000);
        if (Boolean.getBoolean("bramble.docs.screenshots"))
            Files.copy(out, Files.createDirectories(Path.of("..", "docs", "images")).resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anOperatorSetsTheFanAndSeesTheNodesResult() throws Exception {
        Page operator = open("olga", "operator-password-1", "/nodes/node03");
        // the page offers exactly the colours and patterns the center accepts
        assertThat(operator.locator("#led-colour option")).hasCount(io.bramble.center.commands.CommandTypes.COLOURS.size());
        assertThat(operator.locator("#led-pattern option")).hasCount(io.bramble.center.commands.CommandTypes.PATTERNS.size());
        operator.locator("#fan-mode").selectOption("fixed");
        operator.locator("#fan-percent").fill("70");
        operator.locator("#fan-set").click();
        assertThat(operator.locator("#commands tr[data-status=\"done\"]").first()).containsText("fan fixed at 70 %");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> board("node03").fanPercent() == 70);
        assertThat(operator.locator("#board-fan")).containsText("fixed · 70 %", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        // a reboot needs a confirmation
        operator.locator("#reboot").click();
        assertThat(operator.locator("#confirm-dialog")).isVisible();
        operator.locator("#confirm-cancel").click();
        assertThat(operator.locator("#commands")).not().containsText("reboot");
        assertThat(problems).as("script errors in the pages").isEmpty();
    }
}
