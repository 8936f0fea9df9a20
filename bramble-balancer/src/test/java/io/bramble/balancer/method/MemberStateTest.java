package io.bramble.balancer.method;

import static io.bramble.balancer.method.MethodDistributionTest.member;
import static io.bramble.balancer.method.MethodDistributionTest.router;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.Member.CheckOutcome;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.NodeReport;

class MemberStateTest {
    private static final long NOW = 1_000_000L;

    private static Set<String> picks(Router r, String sticky, int n) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Member m = r.choose(sticky, null, NOW);
            s.add(m == null ? null : m.name());
        }
        return s;
    }

    @Test
    void disabledMemberTakesNoRequestsNotEvenSticky() {
        Member a = member("a", 1), b = member("b", 1);
        a.flag(MemberFlag.DISABLED, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        assertThat(picks(r, null, 10)).containsExactly("b");
        assertThat(picks(r, "a", 10)).containsExactly("b");
    }

    @Test
    void stoppedMemberTakesNoRequestsAndIsNotUsedEvenInPanic() {
        Member a = member("a", 1), b = member("b", 1);
        a.flag(MemberFlag.STOPPED, true, NOW);
        b.flag(MemberFlag.STOPPED, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        assertThat(r.choose(null, null, NOW)).isNull();
        assertThat(a.whyOut(NOW)).isEqualTo("stopped by operator");
    }

    @Test
    void drainingMemberKeepsItsStickyClientsOnly() {
        Member a = member("a", 1), b = member("b", 1);
        a.flag(MemberFlag.DRAIN, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        assertThat(picks(r, null, 10)).containsExactly("b");
        assertThat(picks(r, "a", 10)).containsExactly("a");
    }

    @Test
    void hotStandbyIsUsedOnlyWhenNoOrdinaryMemberCanTakeTheRequest() {
        Member a = member("a", 1), b = member("b", 1), s = member("standby", 1);
        s.flag(MemberFlag.HOT_STANDBY, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b, s));
        assertThat(picks(r, null, 20)).containsExactlyInAnyOrder("a", "b");
        a.flag(MemberFlag.DISABLED, true, NOW);
        assertThat(picks(r, null, 20)).containsExactly("b");
        b.flag(MemberFlag.STOPPED, true, NOW);
        assertThat(picks(r, null, 20)).containsExactly("standby");
    }

    @Test
    void hotSpareReplacesEachUnusableMemberOneForOne() {
        Member a = member("a", 1), b = member("b", 1), s1 = member("spare1", 1), s2 = member("spare2", 1);
        s1.flag(MemberFlag.HOT_SPARE, true, NOW);
        s2.flag(MemberFlag.HOT_SPARE, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b, s1, s2));
        assertThat(picks(r, null, 20)).containsExactlyInAnyOrder("a", "b");
        a.flag(MemberFlag.DISABLED, true, NOW);
        assertThat(picks(r, null, 20)).containsExactlyInAnyOrder("b", "spare1");
        b.flag(MemberFlag.DISABLED, true, NOW);
        assertThat(picks(r, null, 20)).containsExactlyInAnyOrder("spare1", "spare2");
    }

    @Test
    void memberInErrorIsSkippedUntilItsBackOffEndsAndIgnoreErrorsKeepsItIn() {
        Member a = member("a", 1), b = member("b", 1), c = member("c", 1);
        c.flag(MemberFlag.IGNORE_ERRORS, true, NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b, c));
        for (int i = 0; i < 3; i++) {
            a.failed("connection refused", NOW, 3, 10_000, 60_000);
            c.failed("connection refused", NOW, 3, 10_000, 60_000);
        }
        assertThat(a.inError(NOW)).isTrue();
        assertThat(a.whyOut(NOW)).contains("3 consecutive errors").contains("connection refused");
        assertThat(c.inError(NOW)).isFalse();
        assertThat(picks(r, null, 20)).containsExactlyInAnyOrder("b", "c");
        assertThat(a.inError(NOW + 10_000)).isFalse();
    }

    @Test
    void passiveEjectionBacksOffExponentiallyUpToTheMaximum() {
        Member a = member("a", 1);
        long t = NOW;
        long[] expected = {10_000, 20_000, 40_000, 40_000};
        for (long e : expected) {
            for (int i = 0; i < 2; i++) a.failed("HTTP 502", t, 2, 10_000, 40_000);
            assertThat(a.ejectedUntilMillis() - t).isEqualTo(e);
            t = a.ejectedUntilMillis();
        }
    }

    @Test
    void successResetsTheConsecutiveErrorCount() {
        Member a = member("a", 1);
        a.failed("x", NOW, 3, 1000, 1000);
        a.failed("x", NOW, 3, 1000, 1000);
        a.succeeded();
        a.failed("x", NOW, 3, 1000, 1000);
        assertThat(a.inError(NOW)).isFalse();
        assertThat(a.errors()).isEqualTo(3);
    }

    @Test
    void healthChecksTakeAMemberOutAfterFallAndBackAfterRiseAnd404Drains() {
        Member a = member("a", 1);
        Instant t = Instant.ofEpochMilli(NOW);
        assertThat(a.checked(CheckOutcome.FAIL, "HTTP 500", t, 2, 3)).isNull();
        assertThat(a.checked(CheckOutcome.FAIL, "HTTP 500", t, 2, 3)).isNull();
        assertThat(a.checked(CheckOutcome.FAIL, "HTTP 500", t, 2, 3)).startsWith("down after 3");
        assertThat(a.acceptsNew(NOW)).isFalse();
        assertThat(a.whyOut(NOW)).isEqualTo("health check failing: HTTP 500");
        assertThat(a.checked(CheckOutcome.PASS, "HTTP 200", t, 2, 3)).isNull();
        assertThat(a.checked(CheckOutcome.PASS, "HTTP 200", t, 2, 3)).startsWith("up after 2");
        assertThat(a.acceptsNew(NOW)).isTrue();
        assertThat(a.checked(CheckOutcome.DRAIN, "HTTP 404", t, 2, 3)).contains("draining");
        assertThat(a.acceptsNew(NOW)).isFalse();
        assertThat(a.acceptsSticky(NOW)).isTrue();
        assertThat(a.checked(CheckOutcome.PASS, "HTTP 200", t, 2, 3)).isEqualTo("no longer draining");
    }

    @Test
    void panicRuleUsesMembersInErrorWhenEveryMemberIsOut() {
        Member a = member("a", 1), b = member("b", 1);
        for (int i = 0; i < 2; i++) {
            a.failed("refused", NOW, 2, 10_000, 10_000);
            b.failed("refused", NOW, 2, 10_000, 10_000);
        }
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        assertThat(picks(r, null, 10)).containsExactlyInAnyOrder("a", "b");
        assertThat(r.panicking()).isTrue();
    }

    @Test
    void centerHealthDownOrOffTakesAMemberOut() {
        Member a = member("a", 1), b = member("b", 1);
        a.report(new NodeReport("a", "down", null, null, null, null), NOW);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        assertThat(picks(r, null, 10)).containsExactly("b");
        assertThat(a.whyOut(NOW)).isEqualTo("center reports node down");
        a.report(new NodeReport("a", "stale", null, null, null, null), NOW);
        assertThat(picks(r, null, 10)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void retryExcludesMembersAlreadyTried() {
        Member a = member("a", 1), b = member("b", 1);
        Router r = router(MethodName.BYREQUESTS, List.of(a, b));
        for (int i = 0; i < 10; i++) assertThat(r.choose(null, List.of(a), NOW)).isSameAs(b);
        assertThat(r.choose(null, List.of(a, b), NOW)).isNull();
    }
}
