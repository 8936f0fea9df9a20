package io.bramble.center.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Http;
import io.bramble.center.TestCenter;
import io.bramble.center.auth.Role;

/** Walks every registered route and proves that no token, a wrong token and a too-weak role are refused. */
class EveryRouteNeedsAuthTest {
    @TempDir static Path dir;
    static TestCenter tc;
    static String viewer, operator, admin, nodeCredential;

    @BeforeAll
    static void start() {
        tc = new TestCenter(dir);
        admin = tc.adminToken();
        viewer = tc.token("viewer");
        operator = tc.token("operator");
        nodeCredential = tc.enroll("10000000aaaa0001", "pi-one");
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static String concrete(String path) {
        return path.replace("{name}", "pi-one").replace("{id}", "nosuchtoken").replace("{rack}", "rack1").replace("{row}", "1");
    }

    private static Http.Response call(Route r, String token) {
        String body = r.method().equals("GET") || r.method().equals("DELETE") ? null : "{}";
        return tc.http.send(r.method(), concrete(r.path()), token, body == null ? null : "application/json", body, Map.of());
    }

    @Test
    void onlyHealthLoginAndDashboardFilesAreOpen() {
        List<Route> open = tc.center.api().routes().stream().filter(r -> r.access() instanceof Access.Open).toList();
        assertThat(open).extracting(r -> r.method() + " " + r.path())
                .containsExactlyInAnyOrder("GET /healthz", "POST /api/v1/session", "GET /login", "GET /assets/<file>");
        assertThat(tc.http.get("/healthz", null).status()).isEqualTo(200);
    }

    @Test
    void everyPersonRouteRefusesMissingAndWrongTokens() {
        var routes = tc.center.api().routes().stream().filter(r -> r.access() instanceof Access.Person).toList();
        assertThat(routes).hasSizeGreaterThan(10);
        for (Route r : routes) {
            var none = call(r, null);
            assertThat(none.status()).as("%s without a token", r).isEqualTo(401);
            assertThat(none.errorCode()).as("%s without a token", r).isEqualTo("unauthorized");
            assertThat(call(r, "bt_abcdefghijkm.wrongsecret").status()).as("%s with a wrong token", r).isEqualTo(401);
            assertThat(call(r, "garbage").status()).as("%s with garbage", r).isEqualTo(401);
            assertThat(call(r, nodeCredential).status()).as("%s with a node credential", r).isEqualTo(401);
        }
    }

    @Test
    void everyRouteRefusesATooWeakRole() {
        for (Route r : tc.center.api().routes()) {
            if (!(r.access() instanceof Access.Person p)) continue;
            if (p.min().atLeast(Role.OPERATOR)) {
                var res = call(r, viewer);
                assertThat(res.status()).as("%s as viewer", r).isEqualTo(403);
                assertThat(res.errorCode()).isEqualTo("forbidden");
            }
            if (p.min() == Role.ADMIN) assertThat(call(r, operator).status()).as("%s as operator", r).isEqualTo(403);
        }
    }

    @Test
    void agentRoutesRefuseEverythingButANodeCredential() {
        var routes = tc.center.api().routes().stream().filter(r -> r.access() instanceof Access.Agent).toList();
        assertThat(routes).extracting(Route::path).contains("/api/v1/agent/heartbeat", "/api/v1/agent/events");
        for (Route r : routes) {
            assertThat(call(r, null).status()).as("%s without credential", r).isEqualTo(401);
            assertThat(call(r, admin).status()).as("%s with an admin session", r).isEqualTo(401);
            assertThat(call(r, "bn_nosuchnode.secret").status()).as("%s with an unknown node", r).isEqualTo(401);
            String forged = nodeCredential.substring(0, nodeCredential.indexOf('.') + 1) + "forged";
            assertThat(call(r, forged).status()).as("%s with a forged secret", r).isEqualTo(401);
        }
    }

    @Test
    void enrollmentRefusesAWrongJoinToken() {
        var r = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", "bj_abcdefghijkm.nope",
                "facts", TestCenter.facts("10000000aaaa0009", "intruder")));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("bad_join_token");
        assertThat(tc.center.nodes().byName("intruder")).isEmpty();
    }

    @Test
    void theStreamNeedsAToken() {
        assertThat(tc.http.get("/api/v1/stream", null).status()).isEqualTo(401);
        assertThat(tc.http.get("/api/v1/stream", "bt_x.y").status()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenStopsWorking() {
        var created = tc.http.post("/api/v1/tokens", admin, Map.of("name", "short-lived", "role", "viewer"));
        String token = created.json().path("token").asString();
        String id = created.json().path("info").path("id").asString();
        assertThat(tc.http.get("/api/v1/nodes", token).status()).isEqualTo(200);
        assertThat(tc.http.send("DELETE", "/api/v1/tokens/" + id, admin, null, null, Map.of()).status()).isEqualTo(204);
        assertThat(tc.http.get("/api/v1/nodes", token).status()).isEqualTo(401);
    }

    @Test
    void browserStateChangesNeedCsrfTokenAndOrigin() {
        var login = tc.http.post("/api/v1/session", null, Map.of("username", "admin", "password", TestCenter.ADMIN_PASSWORD));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String session = login.json().path("token").asString();
        String csrf = login.json().path("csrfToken").asString();
        String cookieHeader = Api.SESSION_COOKIE + "=" + session;
        String origin = tc.center.url();
        String body = "{\"labels\":{\"k\":\"v\"}}";
        // reading with the cookie alone works
        assertThat(tc.http.send("GET", "/api/v1/nodes", null, null, null, Map.of("Cookie", cookieHeader)).status()).isEqualTo(200);
        // a change without CSRF token, or from another origin, is refused and changes nothing
        var noCsrf = tc.http.send("PATCH", "/api/v1/nodes/pi-one", null, "application/json", body, Map.of("Cookie", cookieHeader, "Origin", origin));
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.errorCode()).isEqualTo("bad_csrf");
        var evil = tc.http.send("PATCH", "/api/v1/nodes/pi-one", null, "application/json", body,
                Map.of("Cookie", cookieHeader, "Origin", "http://evil.example", Api.CSRF_HEADER, csrf));
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.errorCode()).isEqualTo("bad_origin");
        assertThat(tc.center.nodes().byName("pi-one").orElseThrow().labels()).isEmpty();
        var ok = tc.http.send("PATCH", "/api/v1/nodes/pi-one", null, "application/json", body,
                Map.of("Cookie", cookieHeader, "Origin", origin, Api.CSRF_HEADER, csrf));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(tc.center.nodes().byName("pi-one").orElseThrow().labels()).containsEntry("k", "v");
    }
}
