package io.bramble.balancer.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes exactly as written (for requests an HTTP client library would not send) and reads the answer. */
public final class RawHttp {
    private RawHttp() {}

    /** Writes {@code request}, then reads until the server closes or 3 s pass. */
    public static String exchange(InetSocketAddress to, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readAll(s.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            // whatever arrived is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
