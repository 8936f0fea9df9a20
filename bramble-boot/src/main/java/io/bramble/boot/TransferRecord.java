package io.bramble.boot;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One finished TFTP request: who asked for what with which options, what was negotiated, how much was sent and how it ended.
 *
 * @param serial     the Pi serial prefix or null
 * @param path       the path as requested (normalised when it was valid, raw otherwise)
 * @param options    options the client asked for
 * @param negotiated options the server accepted (sent in the OACK)
 * @param detail     a human-readable reason for anything but {@link Outcome#COMPLETED}
 */
public record TransferRecord(Instant started, Duration elapsed, InetSocketAddress client, String serial, String path,
                             Map<String, String> options, Map<String, String> negotiated, long bytesSent, long size,
                             Outcome outcome, String detail) {
    public TransferRecord {
        options = Map.copyOf(options);
        negotiated = Map.copyOf(negotiated);
        detail = detail == null ? "" : detail;
    }

    /** How a TFTP request ended. */
    public enum Outcome {
        /** The whole file was sent and acknowledged. */
        COMPLETED,
        /** The client asked for options (tsize), got the OACK and then ended the transfer: a size probe, normal for a Pi. */
        PROBE,
        /** The policy declined or there is no such file: "file not found" was sent. */
        NOT_FOUND,
        /** The request was refused: bad path, write request, unsupported mode, server busy. */
        REFUSED,
        /** The client stopped answering; retries were used up. */
        TIMEOUT,
        /** The client sent an error in the middle of the transfer. */
        CLIENT_ABORTED,
        /** The file could not be read, or the server was closed during the transfer. */
        FAILED
    }

    @Override
    public String toString() {
        return "tftp " + client.getAddress().getHostAddress() + ":" + client.getPort() + " serial=" + (serial == null ? "-" : serial)
                + " path=" + printable(path) + " options=" + options + " negotiated=" + negotiated + " sent=" + bytesSent + "/" + size
                + " outcome=" + outcome.name().toLowerCase(java.util.Locale.ROOT) + (detail.isEmpty() ? "" : " (" + detail + ")")
                + " in " + elapsed.toMillis() + "ms";
    }

    /** The path with control characters escaped, safe for one log line. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
