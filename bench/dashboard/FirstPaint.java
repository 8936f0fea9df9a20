// Dashboard first paint with N nodes, in headless Chromium. Run through bench/dashboard/run.sh.
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.bramble.agent.sim.SimulatedPi;
import io.bramble.center.TestCenter;
import io.bramble.center.auth.Principal;
import io.bramble.center.auth.Role;
import io.bramble.center.nodes.Location;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.wire.EnrollRequest;

public class FirstPaint {
    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]);
        int loads = Integer.parseInt(args[1]);
        int racks = (nodes + 63) / 64;
        StringBuilder yaml = new StringBuilder("rack:\n  racks:\n");
        for (int r = 1; r <= racks; r++) yaml.append("    - {name: rack").append(r).append(", rows: 8, slots: 8}\n");
        Path dir = Files.createTempDirectory("bramble-firstpaint");
        try (TestCenter tc = new TestCenter(dir, yaml.toString())) {
            String join = tc.center.auth().createJoinToken("bench", "bench", nodes, null).token();
            NodeRegistry reg = tc.center.nodes();
            Principal admin = new Principal(Principal.Kind.USER, "bench", Role.ADMIN, null, null);
            SplittableRandom seeds = new SplittableRandom(11);
            for (int i = 0; i < nodes; i++) {
                SimulatedPi pi = new SimulatedPi(i, String.format("n%04d", i), tc.clock, seeds.split(), null);
                var e = reg.enroll(new EnrollRequest(join, pi.facts()), "127.0.0.1");
                reg.heartbeat(e.nodeId(), pi.sample(), "127.0.0.1");
                reg.edit(e.name(), new NodeRegistry.Edit(null, null, null, new Location("rack" + (i / 64 + 1), i % 64 / 8 + 1, i % 8 + 1)), admin);
            }
            try (Playwright pw = Playwright.create()) {
                Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--no-first-run")));
                Page page = browser.newContext().newPage();
                page.navigate(tc.center.url() + "/login");
                page.fill("input[name=username]", "admin");
                page.fill("input[name=password]", TestCenter.ADMIN_PASSWORD);
                page.click("button[type=submit]");
                page.waitForURL(tc.center.url() + "/");
                double[] fcp = new double[loads];
                double[] tiles = new double[loads];
                for (int i = 0; i < loads; i++) {
                    page.navigate(tc.center.url() + "/");
                    page.waitForFunction("n => document.querySelectorAll('#rack-view .tile').length >= n", nodes,
                            new Page.WaitForFunctionOptions().setTimeout(60_000));
                    tiles[i] = ((Number) page.evaluate("performance.now()")).doubleValue();
                    Object f = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1}).startTime");
                    fcp[i] = ((Number) f).doubleValue();
                }
                Arrays.sort(fcp);
                Arrays.sort(tiles);
                System.out.printf("RESULT nodes=%d loads=%d fcp_median_ms=%.0f fcp_max_ms=%.0f all_tiles_median_ms=%.0f all_tiles_max_ms=%.0f%n",
                        nodes, loads, fcp[loads / 2], fcp[loads - 1], tiles[loads / 2], tiles[loads - 1]);
                browser.close();
            }
        }
        System.exit(0);
    }
}
