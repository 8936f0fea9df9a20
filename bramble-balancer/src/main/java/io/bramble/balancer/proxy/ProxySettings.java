package io.bramble.balancer.proxy;

import io.bramble.balancer.config.BalancerConfig;

/** The proxy's settings in the form the request path reads them; swapped whole on reload. */
public record ProxySettings(
        long connectMillis, long responseMillis, long clientIdleMillis, long upstreamIdleMillis,
        int maxInitialLineBytes, int maxHeaderBytes, long maxBodyBytes, int maxIdlePerMember,
        String forwardedProto, String stickyCookie, int retryAttempts,
        int ejectAfter, boolean ejectOn5xx, long ejectBaseMillis, long ejectMaxMillis) {

    public static ProxySettings from(BalancerConfig c) {
        return new ProxySettings(
                c.timeouts().connect().toMillis(), c.timeouts().response().toMillis(),
                c.timeouts().clientIdle().toMillis(), c.timeouts().upstreamIdle().toMillis(),
                c.limits().maxInitialLineBytes(), c.limits().maxHeaderBytes(), c.limits().maxBodyBytes(),
                c.limits().maxIdlePerMember(), c.forwardedProto(), c.sticky().cookie(), c.retry().attempts(),
                c.ejection().consecutiveErrors(), c.ejection().on5xx(),
                c.ejection().baseTime().toMillis(), c.ejection().maxTime().toMillis());
    }

    public boolean sticky() {
        return !stickyCookie.isEmpty();
    }
}
