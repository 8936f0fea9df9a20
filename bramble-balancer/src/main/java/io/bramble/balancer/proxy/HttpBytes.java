package io.bramble.balancer.proxy;

import java.util.Arrays;

/** Byte-level HTTP/1.1 syntax shared by the request and response parsers (RFC 9110 and 9112). */
final class HttpBytes {
    private HttpBytes() {}

    /** Where the line starting at {@code from} ends (before CR LF or LF), or -1 for a CR not followed by LF. */
    static int lineEnd(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\n') return i > from && raw[i - 1] == '\r' ? i - 1 : i;
            if (b == '\r' && (i + 1 >= raw.length || raw[i + 1] != '\n')) return -1;
        }
        return raw.length;
    }

    /** The start of the line after the one ending at {@code end}. */
    static int next(byte[] raw, int end) {
        return end < raw.length && raw[end] == '\r' ? end + 2 : end + 1;
    }

    /** A Content-Length value: "n", or a list of the same n (RFC 9110 8.6) when {@code list}; -1 when invalid. */
    static long parseLength(byte[] raw, int from, int to, boolean list) {
        long value = -1;
        for (int t = from; t <= to; ) {
            int c = t;
            while (c < to && raw[c] != ',') c++;
            if (c < to && !list) return -1;
            int ts = t, te = c;
            while (ts < te && (raw[ts] == ' ' || raw[ts] == '\t')) ts++;
            while (te > ts && (raw[te - 1] == ' ' || raw[te - 1] == '\t')) te--;
            if (te == ts || te - ts > 18) return -1;
            long v = 0;
            for (int i = ts; i < te; i++) {
                if (!digit(raw[i])) return -1;
                v = v * 10 + raw[i] - '0';
            }
            if (value >= 0 && v != value) return -1;
            value = v;
            t = c + 1;
        }
        return value;
    }

    /** True when the bytes at {@code at} spell {@code lower}, ignoring ASCII case. */
    static boolean named(byte[] raw, int at, String lower) {
        int len = lower.length();
        if (at + len > raw.length) return false;
        for (int i = 0; i < len; i++) {
            int b = raw[at + i];
            if (b >= 'A' && b <= 'Z') b += 32;
            int c = lower.charAt(i);
            if (c >= 'A' && c <= 'Z') c += 32;
            if (b != c) return false;
        }
        return true;
    }

    /** True when the line at {@code start} (ending at {@code end}) is the header {@code lower}. */
    static boolean header(byte[] raw, int start, int end, String lower) {
        int len = lower.length();
        return end - start > len && raw[start + len] == ':' && named(raw, start, lower);
    }

    static String[] append(String[] a, String s) {
        String[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Control characters other than HTAB, and DEL, may not appear in a head. */
    static boolean control(byte b) {
        return (b >= 0 && b < 0x20 && b != '\t') || b == 0x7f;
    }

    static boolean tchar(byte b) {
        return b > 0 && TCHAR[b];
    }

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }
}
