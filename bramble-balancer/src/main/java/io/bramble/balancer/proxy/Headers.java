package io.bramble.balancer.proxy;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** Header rewriting shared by both directions: hop-by-hop removal and cookie lookup. */
final class Headers {
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");

    private Headers() {}

    /**
     * Removes hop-by-hop headers (RFC 9110 7.6.1): those named in Connection, and Connection,
     * Keep-Alive, Proxy-Connection, Proxy-Authenticate, Proxy-Authorization, TE, Trailer and
     * Upgrade. Transfer-Encoding stays: the balancer re-encodes chunked bodies itself. With
     * {@code keepUpgrade} the Upgrade and Connection: Upgrade of a WebSocket handshake are kept.
     */
    static void stripHopByHop(HttpHeaders h, boolean keepUpgrade) {
        List<String> conn = h.contains(HttpHeaderNames.CONNECTION) ? h.getAll(HttpHeaderNames.CONNECTION) : List.of();
        for (String v : conn) {
            for (String token : v.split(",")) {
                String t = token.strip();
                if (t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive")) continue;
                if (t.equalsIgnoreCase("upgrade")) {
                    if (!keepUpgrade) h.remove(HttpHeaderNames.UPGRADE);
                    continue;
                }
                if (t.equalsIgnoreCase("transfer-encoding") || t.equalsIgnoreCase("content-length") || t.equalsIgnoreCase("host")) continue;
                h.remove(t);
            }
        }
        if (!conn.isEmpty()) h.remove(HttpHeaderNames.CONNECTION);
        if (keepUpgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        } else {
            h.remove(HttpHeaderNames.UPGRADE);
        }
        h.remove(KEEP_ALIVE);
        h.remove(PROXY_CONNECTION);
        h.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
    }

    /** The value of cookie {@code name} in the request's Cookie headers, or null. */
    static String cookie(HttpHeaders h, String name) {
        for (String v : h.getAll(HttpHeaderNames.COOKIE)) {
            int i = 0;
            while (i < v.length()) {
                int semi = v.indexOf(';', i);
                if (semi < 0) semi = v.length();
                int eq = v.indexOf('=', i);
                if (eq > 0 && eq < semi && v.substring(i, eq).strip().equals(name)) {
                    String val = v.substring(eq + 1, semi).strip();
                    if (val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")) val = val.substring(1, val.length() - 1);
                    return val;
                }
                i = semi + 1;
            }
        }
        return null;
    }

    /** True for a WebSocket handshake: Upgrade: websocket with Connection naming upgrade. */
    static boolean isWebSocketUpgrade(HttpHeaders h) {
        String up = h.get(HttpHeaderNames.UPGRADE);
        if (up == null || !up.strip().equalsIgnoreCase("websocket")) return false;
        for (String v : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String t : v.split(",")) if (t.strip().equalsIgnoreCase("upgrade")) return true;
        }
        return false;
    }
}
