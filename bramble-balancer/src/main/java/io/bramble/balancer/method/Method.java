package io.bramble.balancer.method;

import java.util.List;

import io.bramble.balancer.member.Member;

/** Picks one member out of candidates that may all take the request. */
public interface Method {
    /** {@code candidates} is never empty. */
    Member pick(List<Member> candidates, long nowMillis);

    /** A member's weight in thousandths at a moment (after slow start and, for byload, the node's load). */
    @FunctionalInterface
    interface Weights {
        long of(Member m, long nowMillis);
    }

    /** The method for a name. */
    static Method create(MethodName name, Weights plain, Weights loadAware) {
        return switch (name) {
            case BYREQUESTS -> new SmoothWeighted(plain);
            case BYLOAD -> new SmoothWeighted(loadAware);
            case BYBUSYNESS -> new LeastScore(plain, (m, w) -> (double) m.inFlight() / w);
            case BYTRAFFIC -> new LeastScore(plain, (m, w) -> (double) (m.bytesIn() + m.bytesOut()) / w);
        };
    }
}
