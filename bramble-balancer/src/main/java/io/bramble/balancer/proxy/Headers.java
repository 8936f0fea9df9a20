package io.bramble.balancer.proxy;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
        // one pass over the names first: most messages carry none of these but Connection, and a
        // remove() per name costs a hash and a bucket walk each (it showed in profiles)
        int found = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            found |= hopBit(it.next().getKey());
        }
        if ((found & CONNECTION) != 0) {
            for (String v : h.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : v.split(",")) {
                    String t = token.strip();
                    if (t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive")) continue;
                    if (t.equalsIgnoreCase("upgrade")) continue;
                    if (t.equalsIgnoreCase("transfer-encoding") || t.equalsIgnoreCase("content-length") || t.equalsIgnoreCase("host")) continue;
                    h.remove(t);
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        if (keepUpgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        } else if ((found & UPGRADE) != 0) {
            h.remove(HttpHeaderNames.UPGRADE);
        }
        if ((found & KEEP_ALIVE_BIT) != 0) h.remove(KEEP_ALIVE);
        if ((found & PROXY_CONNECTION_BIT) != 0) h.remove(PROXY_CONNECTION);
        if ((found & PROXY_AUTHENTICATE) != 0) h.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
        if ((found & PROXY_AUTHORIZATION) != 0) h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        if ((found & TE) != 0) h.remove(HttpHeaderNames.TE);
        if ((found & TRAILER) != 0) h.remove(HttpHeaderNames.TRAILER);
    }

    private static final int CONNECTION = 1, UPGRADE = 2, KEEP_ALIVE_BIT = 4, PROXY_CONNECTION_BIT = 8,
            PROXY_AUTHENTICATE = 16, PROXY_AUTHORIZATION = 32, TE = 64, TRAILER = 128;

    private static int hopBit(CharSequence n) {
        return switch (n.length()) {
            case 2 -> AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.TE) ? TE : 0;
            case 7 -> AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.UPGRADE) ? UPGRADE
                    : AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.TRAILER) ? TRAILER : 0;
            case 10 -> AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.CONNECTION) ? CONNECTION
                    : AsciiString.contentEqualsIgnoreCase(n, KEEP_ALIVE) ? KEEP_ALIVE_BIT : 0;
            case 16 -> AsciiString.contentEqualsIgnoreCase(n, PROXY_CONNECTION) ? PROXY_CONNECTION_BIT : 0;
            case 18 -> AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.PROXY_AUTHENTICATE) ? PROXY_AUTHENTICATE : 0;
            case 19 -> AsciiString.contentEqualsIgnoreCase(n, HttpHeaderNames.PROXY_AUTHORIZATION) ? PROXY_AUTHORIZATION : 0;
            default -> 0;
        };
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
