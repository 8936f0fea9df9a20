package io.bramble.balancer.method;

import java.util.List;

import io.bramble.balancer.member.Member;

/**
 * nginx's smooth weighted round robin: each pick adds every candidate's weight to its running
 * total, takes the largest and subtracts the sum of weights from it. Weights 5:1:1 give
 * a a b a c a a rather than a a a a a b c.
 */
final class SmoothWeighted implements Method {
    private final Weights weights;

    SmoothWeighted(Weights weights) {
        this.weights = weights;
    }

    @Override
    public synchronized Member pick(List<Member> candidates, long nowMillis) {
        return pickLocked(candidates, nowMillis, weights);
    }

    static Member pickLocked(List<Member> candidates, long nowMillis, Weights weights) {
        if (candidates.size() == 1) return candidates.get(0);
        Member best = null;
        long total = 0;
        for (int i = 0, n = candidates.size(); i < n; i++) {
            Member m = candidates.get(i);
            long w = weights.of(m, nowMillis);
            long c = m.rrCurrent() + w;
            m.rrCurrent(c);
            total += w;
            if (best == null || c > best.rrCurrent()) best = m;
        }
        best.rrCurrent(best.rrCurrent() - total);
        return best;
    }
}
