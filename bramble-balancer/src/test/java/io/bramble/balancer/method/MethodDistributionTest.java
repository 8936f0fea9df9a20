package io.bramble.balancer.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.bramble.balancer.config.ByLoad;
import io.bramble.balancer.member.Endpoint;
import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.MemberTable;
import io.bramble.balancer.member.NodeReport;

class MethodDistributionTest {
    private static final long NOW = 1_000_000L;

    static Member member(String name, int weight) {
        return new Member(name, "config", Endpoint.of("127.0.0.1", 1000 + name.hashCode() % 1000 + 1000), weight, EnumSet.noneOf(MemberFlag.class));
    }

    static Router router(MethodName name, List<Member> members) {
        MemberTable t = new MemberTable();
        t.replace(members);
        LoadFactor lf = new LoadFactor(ByLoad.defaults());
        return new Router(t, Method.create(name, (m, now) -> m.effectiveWeight(now, 0, 1.0),
                (m, now) -> m.effectiveWeight(now, 0, lf.of(m.report()))));
    }

    /** Sequential requests, each finishing before the next, moving 1000 bytes each. */
    static Map<String, Integer> run(Router r, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Member m = r.choose(null, null, NOW);
            m.begin();
            m.addBytesOut(1000);
            m.end();
            counts.merge(m.name(), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest(name = "{0} with weights {1}:{2}")
    @CsvSource({
            "BYREQUESTS,1,1", "BYREQUESTS,1,3",
            "BYBUSYNESS,1,1", "BYBUSYNESS,1,3",
            "BYTRAFFIC,1,1", "BYTRAFFIC,1,3",
            "BYLOAD,1,1", "BYLOAD,1,3"})
    void everyMethodSharesRequestsByWeight(MethodName method, int wa, int wb) {
        Router r = router(method, List.of(member("a", wa), member("b", wb)));
        Map<String, Integer> c = run(r, 400);
        assertThat(c.get("a") + c.get("b")).isEqualTo(400);
        double expectedA = 400.0 * wa / (wa + wb);
        assertThat((double) c.get("a")).isBetween(expectedA - 4, expectedA + 4);
    }

    @Test
    void smoothWeightedRoundRobinInterleavesLikeNginx() {
        Router r = router(MethodName.BYREQUESTS, List.of(member("a", 5), member("b", 1), member("c", 1)));
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 7; i++) seq.append(r.choose(null, null, NOW).name());
        assertThat(seq.toString()).isEqualTo("aabacaa");
    }

    @Test
    void bybusynessSendsNewRequestsToTheMemberWithFewestInFlight() {
        Member a = member("a", 1), b = member("b", 1);
        Router r = router(MethodName.BYBUSYNESS, List.of(a, b));
        for (int i = 0; i < 5; i++) a.begin(); // a is stuck with 5 slow requests
        for (int i = 0; i < 5; i++) {
            Member m = r.choose(null, null, NOW);
            assertThat(m).isSameAs(b);
            m.begin();
        }
        assertThat(r.choose(null, null, NOW)).isIn(a, b);
    }

    @Test
    void bytrafficSendsRequestsToTheMemberThatMovedFewestBytesPerWeight() {
        Member a = member("a", 1), b = member("b", 2);
        a.addBytesOut(10_000);
        b.addBytesOut(10_000);
        Router r = router(MethodName.BYTRAFFIC, List.of(a, b));
        assertThat(r.choose(null, null, NOW)).isSameAs(b);
    }

    @Test
    void byloadGivesAHotOrThrottledOrLoadedNodeLess() {
        Member cool = member("cool", 1), hot = member("hot", 1), throttled = member("throttled", 1), busy = member("busy", 1);
        cool.report(new NodeReport("cool", "up", 0.2, 4, 45.0, false), NOW);
        hot.report(new NodeReport("hot", "degraded", 0.2, 4, 78.0, false), NOW);
        throttled.report(new NodeReport("throttled", "degraded", 0.2, 4, 45.0, true), NOW);
        busy.report(new NodeReport("busy", "up", 8.0, 4, 45.0, false), NOW);
        Router r = router(MethodName.BYLOAD, List.of(cool, hot, throttled, busy));
        Map<String, Integer> c = run(r, 1000);
        assertThat(c.get("cool")).isGreaterThan(c.get("busy")).isGreaterThan(c.get("throttled"));
        assertThat(c.get("throttled")).isGreaterThan(c.get("hot"));
        // the factors: cool 1/1.05=0.952, busy 1/3=0.333, throttled 0.952*0.25=0.238, hot 0.952*(1-0.9*18/20)=0.181
        assertThat(c.get("cool")).isBetween(555, 575);
        assertThat(c.get("hot")).isBetween(100, 115);
    }

    @Test
    void byloadFactorIsOneWithoutReportsAndNeverZero() {
        LoadFactor lf = new LoadFactor(ByLoad.defaults());
        assertThat(lf.of(NodeReport.UNKNOWN)).isEqualTo(1.0);
        assertThat(lf.of(new NodeReport("x", "up", 100.0, 1, 95.0, true))).isGreaterThan(0);
        assertThat(lf.of(new NodeReport("x", "up", 4.0, 4, null, null))).isEqualTo(0.5);
    }

    @Test
    void slowStartRampsAReturningMemberFromATenthToItsFullWeight() {
        Member m = member("a", 2);
        m.enteredService(NOW);
        assertThat(m.effectiveWeight(NOW, 10_000, 1)).isEqualTo(200);
        assertThat(m.effectiveWeight(NOW + 5_000, 10_000, 1)).isEqualTo(1000);
        assertThat(m.effectiveWeight(NOW + 10_000, 10_000, 1)).isEqualTo(2000);
    }

    @Test
    void retryBudgetAllowsTheMinimumThenAShareOfActiveRequests() {
        RetryBudget b = new RetryBudget(20, 2);
        assertThat(b.tryRetry()).isTrue();
        assertThat(b.tryRetry()).isTrue();
        assertThat(b.tryRetry()).isFalse();
        for (int i = 0; i < 50; i++) b.requestStarted();
        assertThat(b.tryRetry()).isTrue(); // 20 % of 50 = 10 allowed
        b.retryEnded();
        assertThat(b.retrying()).isEqualTo(2);
    }
}
