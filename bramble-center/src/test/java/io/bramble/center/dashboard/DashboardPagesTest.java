package io.bramble.center.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Http;
import io.bramble.center.TestCenter;
import io.bramble.center.api.Api;
import io.bramble.core.json.Json;

/** The dashboard over plain HTTP: who reaches which page, what the pages carry, and which files are served. */
class DashboardPagesTest {
    @TempDir static Path dir;
    static TestCenter tc;

    @BeforeAll
    static void start() {
        tc = new TestCenter(dir, "rack:\n  racks:\n    - name: left\n      rows: 2\n      slots: 4\n");
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static Http.Response page(String path, Map<String, String> headers) {
        return tc.http.send("GET", path, null, null, null, headers);
    }

    private static String sessionCookie(String user, String password) {
        var login = tc.http.post("/api/v1/session", null, Map.of("username", user, "password", password));
        return Api.SESSION_COOKIE + "=" + login.json().path("token").asString();
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheLoginPageAndComesBackAfter() {
        for (String path : new String[] {"/", "/events", "/provisioning", "/nodes/pi-one"}) {
            var r = page(path, Map.of("Accept", "text/html,application/xhtml+xml"));
            assertThat(r.status()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(path).hasValue("/login?next=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
        }
        var withQuery = page("/events?x=1", Map.of("Accept", "text/html"));
        assertThat(withQuery.headers().firstValue("Location")).hasValue("/login?next=%2Fevents%3Fx%3D1");
    }

    @Test
    void aScriptWithoutATokenStillGetsAJson401() {
        var r = page("/", Map.of("Accept", "application/json"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
        var api = page("/api/v1/nodes", Map.of("Accept", "text/html"));
        assertThat(api.status()).as("the API never redirects").isEqualTo(401);
    }

    @Test
    void theLoginPageAndItsFilesNeedNoSession() {
        var login = page("/login", Map.of("Accept", "text/html"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(login.body()).contains("id=\"login-form\"").contains("/assets/login.js").doesNotContain("{{BOOT}}");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'")
                .contains("frame-ancestors 'none'"));
        var css = page("/assets/app.css", Map.of());
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
    }

    @Test
    void uPlotComesFromItsWebjarNotACdn() {
        var js = page("/assets/vendor/uPlot.iife.min.js", Map.of());
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body()).contains("uPlot");
        assertThat(page("/assets/vendor/uPlot.min.css", Map.of()).status()).isEqualTo(200);
        String cookie = sessionCookie("admin", TestCenter.ADMIN_PASSWORD);
        for (String path : new String[] {"/", "/events", "/provisioning", "/nodes/pi-one", "/login"}) {
            String html = page(path, Map.of("Cookie", cookie)).body();
            assertThat(html).as(path).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        }
    }

    @Test
    void anUnchangedFileIsNotSentTwice() {
        var first = page("/assets/app.js", Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = page("/assets/app.js", Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void onlyDashboardFilesAreServed() {
        for (String path : new String[] {"/assets/../db/migration/V1__nodes_users_tokens_events.sql", "/assets/..%2Fdb%2Fmigration%2FV1__nodes_users_tokens_events.sql",
                "/assets/nosuch.js", "/assets/vendor/nosuch.js", "/assets/%2Fetc%2Fpasswd", "/assets/logback-test.xml", "/assets/fleet.html.bak", "/assets/fleet.html"}) {
            var r = page(path, Map.of());
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("CREATE TABLE").doesNotContain("root:");
        }
    }

    @Test
    void aPageCarriesWhoIsLookingTheirCsrfTokenAndTheRacks() {
        var login = tc.http.post("/api/v1/session", null, Map.of("username", "admin", "password", TestCenter.ADMIN_PASSWORD));
        String session = login.json().path("token").asString();
        var r = page("/", Map.of("Cookie", Api.SESSION_COOKIE + "=" + session, "Accept", "text/html"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String json = r.body().replaceAll("(?s).*<script id=\"boot\" type=\"application/json\">(.*?)</script>.*", "$1");
        var boot = Json.mapper().readTree(json);
        assertThat(boot.path("user").asString()).isEqualTo("admin");
        assertThat(boot.path("role").asString()).isEqualTo("admin");
        assertThat(boot.path("csrfToken").asString()).isEqualTo(login.json().path("csrfToken").asString());
        assertThat(boot.path("now").asString()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(boot.path("racks").get(0).path("name").asString()).isEqualTo("left");
        assertThat(boot.path("racks").get(0).path("rows").asInt()).isEqualTo(2);
        assertThat(boot.path("racks").get(0).path("slots").asInt()).isEqualTo(4);
    }

    @Test
    void aNodeNameInTheAddressCannotBreakOutOfThePage() {
        String cookie = sessionCookie("admin", TestCenter.ADMIN_PASSWORD);
        var bad = page("/nodes/%3Cscript%3Ealert(1)%3C%2Fscript%3E", Map.of("Cookie", cookie));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("invalid_name");
        var ok = page("/nodes/no-such-node", Map.of("Cookie", cookie));
        assertThat(ok.status()).as("the page itself says the node is missing").isEqualTo(200);
        assertThat(ok.body()).contains("\"node\":\"no-such-node\"");
    }
}
