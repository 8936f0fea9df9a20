package io.bramble.balancer.method;

import java.util.ArrayList;
import java.util.List;

import io.bramble.balancer.member.Member;

/**
 * bybusyness (requests in flight per weight) and bytraffic (bytes moved per weight), as Apache
 * does them: the lowest score wins; ties go by smooth weighted round robin so idle members share
 * by weight.
 */
final class LeastScore implements Method {
    private final Weights weights;
    private final Score score;

    interface Score {
        double of(Member m, long weight);
    }

    LeastScore(Weights weights, Score score) {
        this.weights = weights;
        this.score = score;
    }

    @Override
    public synchronized Member pick(List<Member> candidates, long nowMillis) {
        if (candidates.size() == 1) return candidates.get(0);
        double best = Double.MAX_VALUE;
        List<Member> tied = new ArrayList<>(candidates.size());
        for (Member m : candidates) {
            double s = score.of(m, weights.of(m, nowMillis));
            if (s < best - 1e-9) {
                best = s;
                tied.clear();
                tied.add(m);
            } else if (Math.abs(s - best) <= 1e-9) {
                tied.add(m);
            }
        }
        return SmoothWeighted.pickLocked(tied, nowMillis, weights);
    }
}
