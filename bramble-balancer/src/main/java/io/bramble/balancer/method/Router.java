package io.bramble.balancer.method;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.MemberTable;

/**
 * Chooses the member for one request, applying Apache's member states in order: a sticky member
 * (even draining), else ordinary members that take new requests plus one hot spare for each
 * ordinary member that cannot, else hot standbys, else the panic rule (members out only through
 * errors or the center's health are used anyway, since a failing answer beats none).
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private final MemberTable table;
    private volatile Method method;
    private volatile boolean panicking;

    public Router(MemberTable table, Method method) {
        this.table = table;
        this.method = method;
    }

    public void method(Method m) { this.method = m; }

    public MemberTable table() { return table; }

    /**
     * The member for a request, or null when none may take it (all stopped, disabled or draining,
     * or all already tried). {@code tried} lists members that failed this request already.
     */
    public Member choose(String sticky, List<Member> tried, long now) {
        if (sticky != null) {
            Member s = table.byName(sticky);
            if (s != null && s.acceptsSticky(now) && notTried(s, tried)) return s;
        }
        List<Member> all = table.members();
        if (all.isEmpty()) return null;
        int ordinary = 0, usable = 0;
        boolean special = false;
        for (int i = 0, n = all.size(); i < n; i++) {
            Member m = all.get(i);
            if (m.has(MemberFlag.HOT_STANDBY) || m.has(MemberFlag.HOT_SPARE)) {
                special = true;
                continue;
            }
            ordinary++;
            if (m.acceptsNew(now)) usable++;
        }
        List<Member> candidates;
        if (!special && usable == all.size() && (tried == null || tried.isEmpty())) {
            candidates = all; // the common case: everyone is in, no copy
        } else {
            candidates = new ArrayList<>(all.size());
            for (Member m : all) {
                if (!m.has(MemberFlag.HOT_STANDBY) && !m.has(MemberFlag.HOT_SPARE) && m.acceptsNew(now) && notTried(m, tried)) candidates.add(m);
            }
            int spares = ordinary - usable;
            for (int i = 0; i < all.size() && spares > 0; i++) {
                Member m = all.get(i);
                if (m.has(MemberFlag.HOT_SPARE) && !m.has(MemberFlag.HOT_STANDBY) && m.acceptsNew(now)) {
                    spares--;
                    if (notTried(m, tried)) candidates.add(m);
                }
            }
            if (candidates.isEmpty()) {
                for (Member m : all) {
                    if (m.has(MemberFlag.HOT_STANDBY) && m.acceptsNew(now) && notTried(m, tried)) candidates.add(m);
                }
            }
            if (candidates.isEmpty() && usable == 0 && noneAccepts(all, now)) {
                for (Member m : all) {
                    if (m.panicCandidate() && notTried(m, tried)) candidates.add(m);
                }
                if (!candidates.isEmpty() && !panicking) {
                    panicking = true;
                    log.warn("every member is out; panic rule: sending requests to members in error anyway ({})", candidates);
                }
            } else if (panicking && !candidates.isEmpty()) {
                panicking = false;
                log.info("members are back; panic rule over");
            }
        }
        if (candidates.isEmpty()) return null;
        return method.pick(candidates, now);
    }

    /** True while the panic rule is in force. */
    public boolean panicking() { return panicking; }

    private static boolean noneAccepts(List<Member> all, long now) {
        for (Member m : all) if (m.acceptsNew(now)) return false;
        return true;
    }

    private static boolean notTried(Member m, List<Member> tried) {
        return tried == null || !tried.contains(m);
    }
}
