package io.bramble.balancer.member;

import java.net.InetSocketAddress;

/** Where a member is reached: host and port, plus the pre-resolved address and the Host header value. */
public record Endpoint(String host, int port, InetSocketAddress address, String hostHeader) {
    public static Endpoint of(String host, int port) {
        InetSocketAddress a = new InetSocketAddress(host, port);
        return new Endpoint(host, port, a, (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port == 80 ? "" : ":" + port));
    }

    public String url() {
        return "http://" + hostHeader;
    }
}
