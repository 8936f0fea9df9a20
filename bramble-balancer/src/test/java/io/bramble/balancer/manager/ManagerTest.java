package io.bramble.balancer.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.BalancerConfig;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.support.Balancers;
import io.bramble.balancer.support.TestBackend;
import io.bramble.core.config.ConfigLoader;

class ManagerTest {
    static final String TOKEN = "s3cret-admin-token";
    static final String HASH = HexFormat.of().formatHex(ManagerHandler.sha256(TOKEN));
    @TempDir Path dir;
    private TestBackend a, b;
    private Balancer bal;
    private Path configFile;
    private final HttpClient http = Balancers.client();

    @BeforeEach
    void backends() throws Exception {
        a = new TestBackend("a");
        b = new TestBackend("b");
    }

    @AfterEach
    void stop() {
        if (bal != null) bal.close();
        a.close();
        b.close();
        http.close();
    }

    private String yaml(String allow, int weightB) {
        return """
                listen: 127.0.0.1:0
                threads: 1
                members:
                  - {name: a, url: %s}
                  - {name: b, url: %s, weight: %d}
                manager:
                  listen: 127.0.0.1:0
                  allow: [%s]
                  tokenSha256: %s
                  auditLog: %s
                """.formatted(a.url(), b.url(), weightB, allow, HASH, dir.resolve("audit.log"));
    }

    private void start(String allow) throws Exception {
        configFile = dir.resolve("balancer.yaml");
        Files.writeString(configFile, yaml(allow, 1));
        bal = new Balancer(ConfigLoader.load(configFile, BalancerConfig.class), configFile, Clock.systemUTC());
        bal.start();
    }

    private String mgr() {
        return "http://127.0.0.1:" + bal.managerAddress().getPort();
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(mgr() + path));
    }

    @Test
    void refusesClientsOutsideTheAllowedAddressBlocks() throws Exception {
        start("10.0.0.0/8");
        HttpResponse<String> r = send(req("/api/v1/members").header("Authorization", "Bearer " + TOKEN));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("does not accept connections from 127.0.0.1");
    }

    @Test
    void needsTheAdminTokenToReadMembers() throws Exception {
        start("127.0.0.0/8");
        assertThat(send(req("/api/v1/members")).statusCode()).isEqualTo(401);
        assertThat(send(req("/api/v1/members").header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        get(bal, "/");
        HttpResponse<String> r = send(req("/api/v1/members").header("Authorization", "Bearer " + TOKEN));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"a\"").contains("\"requests\":").contains("\"inFlight\":0").contains("\"whyOut\":\"\"")
                .contains("\"bytesOut\":").contains("\"lastCheck\"");
        assertThat(send(req("/balancer-manager")).body()).contains("Admin token");
    }

    private void get(Balancer bal, String path) throws Exception {
        Balancers.get(http, Balancers.base(bal) + path);
    }

    @Test
    void tokenHolderChangesWeightAndDrainWithPostAndEveryChangeIsAudited() throws Exception {
        start("127.0.0.1/32");
        HttpResponse<String> r = send(req("/api/v1/members/a").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"weight\":5,\"set\":[\"drain\"]}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(bal.members().byName("a").weight()).isEqualTo(5);
        assertThat(bal.members().byName("a").has(MemberFlag.DRAIN)).isTrue();
        assertThat(r.body()).contains("\"whyOut\":\"draining (set by operator)\"");
        String audit = Files.readString(dir.resolve("audit.log"));
        assertThat(audit).contains("\"action\":\"member.update\"").contains("\"target\":\"a\"")
                .contains("\"before\":{\"weight\":1,\"flags\":[]}").contains("\"after\":{\"weight\":5,\"flags\":[\"drain\"]}");
        // changes are POST only, and bad values are refused with nothing changed
        assertThat(send(req("/api/v1/reload").header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(405);
        HttpResponse<String> bad = send(req("/api/v1/members/a").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"weight\":0}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("between 1 and 100");
        assertThat(bal.members().byName("a").weight()).isEqualTo(5);
        assertThat(send(req("/api/v1/members/zzz").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(404);
        // a cross-site page cannot use the token holder's rights either
        assertThat(send(req("/api/v1/members/a").header("Authorization", "Bearer " + TOKEN).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clear\":[\"drain\"]}"))).statusCode()).isEqualTo(403);
        assertThat(bal.members().byName("a").has(MemberFlag.DRAIN)).isTrue();
    }

    @Test
    void loginSessionChangesNeedTheCsrfTokenAndTheManagersOrigin() throws Exception {
        start("127.0.0.1/32");
        String origin = mgr();
        HttpResponse<String> crossSiteLogin = send(req("/balancer-manager/login").header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        assertThat(crossSiteLogin.statusCode()).isEqualTo(403);
        assertThat(send(req("/balancer-manager/login").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("token=nope"))).statusCode()).isEqualTo(401);
        HttpResponse<String> login = send(req("/balancer-manager/login").header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String page = send(req("/balancer-manager").header("Cookie", cookie)).body();
        assertThat(page).contains("<td>a</td>").contains("name=csrf");
        String csrf = page.replaceAll("(?s).*name=csrf value=\"([0-9a-f]+)\".*", "$1");

        HttpRequest.Builder change = req("/api/v1/members/b").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString("{\"set\":[\"disabled\"]}"));
        assertThat(send(req("/api/v1/members/b").header("Cookie", cookie).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"set\":[\"disabled\"]}"))).statusCode()).isEqualTo(403);
        assertThat(send(req("/api/v1/members/b").header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"set\":[\"disabled\"]}"))).statusCode()).isEqualTo(403);
        assertThat(send(change.header("X-CSRF-Token", csrf)).statusCode()).isEqualTo(403); // no Origin or Referer at all
        assertThat(bal.members().byName("b").has(MemberFlag.DISABLED)).isFalse();
        assertThat(send(req("/api/v1/members/b").header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"set\":[\"disabled\"]}"))).statusCode()).isEqualTo(200);
        assertThat(bal.members().byName("b").has(MemberFlag.DISABLED)).isTrue();

        // the page's own form
        HttpResponse<String> form = send(req("/balancer-manager/member").header("Cookie", cookie).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&name=b&weight=7&flag=hot-standby")));
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(bal.members().byName("b").weight()).isEqualTo(7);
        assertThat(bal.members().byName("b").flags()).containsExactly(MemberFlag.HOT_STANDBY);
        assertThat(Files.readString(dir.resolve("audit.log")).lines().filter(l -> l.contains("member.update")).count()).isEqualTo(2);
    }

    @Test
    void reloadThroughTheManagerRefusesABadFileAndKeepsTheRunningConfig() throws Exception {
        start("127.0.0.1/32");
        Files.writeString(configFile, yaml("127.0.0.1/32", 1).replace("weight: 1", "weight: 0"));
        HttpResponse<String> bad = send(req("/api/v1/reload").header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("line 5").contains("members[1].weight").contains("between 1 and 100").contains("unchanged");
        assertThat(bal.members().members()).hasSize(2);
        Files.writeString(configFile, yaml("127.0.0.1/32", 3));
        HttpResponse<String> ok = send(req("/api/v1/reload").header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(bal.members().byName("b").weight()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("audit.log"))).contains("config.reload.refused").contains("\"action\":\"config.reload\"");
    }
}
