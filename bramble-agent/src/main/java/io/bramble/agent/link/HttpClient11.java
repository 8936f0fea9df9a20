package io.bramble.agent.link;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 client on plain sockets for the agent's calls to the center: keep-alive,
 * Content-Length request bodies, Content-Length/chunked/close-delimited responses, connect and read
 * timeouts, optional TLS. It exists because {@code java.net.http} costs the agent tens of MB of
 * RSS (DESIGN.md "Scale and budgets").
 */
public final class HttpClient11 implements AutoCloseable {
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final int MAX_IDLE = 4;
    /** Idle connections older than this are closed rather than reused: servers drop them after a while. */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(30).toNanos();

    private final String host;
    private final int port;
    private final String hostHeader;
    private final String basePath;
    private final SSLSocketFactory tls;
    private final boolean verifyHostname;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String userAgent;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * A client for one origin, {@code base} such as {@code http://center:8080} or
     * {@code https://center.example/bramble} (a path prefix is put before every request path).
     *
     * @param tls socket factory for {@code https} URLs (see {@link CenterTls}); ignored for {@code http}
     * @param verifyHostname check the certificate names the host (off when the certificate is pinned)
     */
    public HttpClient11(URI base, SSLSocketFactory tls, boolean verifyHostname, Duration connectTimeout, Duration readTimeout, String userAgent) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
            throw new IllegalArgumentException("center URL " + base + " must start with http:// or https://");
        if (base.getHost() == null) throw new IllegalArgumentException("center URL " + base + " has no host");
        boolean https = scheme.equals("https");
        if (https && tls == null) throw new IllegalArgumentException("center URL " + base + " is https but no TLS settings were given");
        this.host = base.getHost().startsWith("[") ? base.getHost().substring(1, base.getHost().length() - 1) : base.getHost();
        int defaultPort = https ? 443 : 80;
        this.port = base.getPort() < 0 ? defaultPort : base.getPort();
        this.hostHeader = base.getPort() < 0 || base.getPort() == defaultPort ? base.getHost() : base.getHost() + ":" + base.getPort();
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.tls = https ? tls : null;
        this.verifyHostname = verifyHostname;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.userAgent = userAgent;
    }

    /** Sends a request with the client's read timeout. */
    public HttpResponse send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        return send(method, path, headers, body, readTimeout);
    }

    /**
     * Sends one request and reads the whole response. A pooled connection the server has closed
     * meanwhile is retried once on a fresh connection, but only when no byte of a response came back,
     * so a request is never processed twice because of the retry.
     *
     * @param readTimeout longest wait for each read, e.g. longer than a long-poll's wait
     */
    public HttpResponse send(String method, String path, Map<String, String> headers, byte[] body, Duration readTimeout) throws IOException {
        if (closed) throw new IOException("HTTP client is closed");
        byte[] head = requestHead(method, path, headers, body);
        Connection c = idle.pollFirst();
        while (c != null && (c.staleAt < System.nanoTime() || c.socket.isClosed())) {
            c.close();
            c = idle.pollFirst();
        }
        if (c != null) {
            try {
                return exchange(c, method, head, body, readTimeout);
            } catch (NoResponseException e) {
                c.close(); // the server closed the idle connection: try once more on a new one
            }
        }
        c = connect();
        try {
            return exchange(c, method, head, body, readTimeout);
        } catch (NoResponseException e) {
            throw new IOException("center at " + hostHeader + " closed the connection without answering", e.getCause());
        }
    }

    private HttpResponse exchange(Connection c, String method, byte[] head, byte[] body, Duration readTimeout) throws IOException {
        boolean keep = false;
        try {
            c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            try {
                c.out.write(head);
                if (body != null) c.out.write(body);
                c.out.flush();
            } catch (IOException e) {
                throw new NoResponseException(e);
            }
            HttpResponse r;
            boolean[] reusable = new boolean[1];
            while (true) {
                r = readResponse(c.in, method, reusable);
                if (r.status() >= 200 || r.status() == 101) break; // skip 100 Continue and other interim answers
            }
            keep = reusable[0] && !closed;
            return r;
        } finally {
            if (keep && idle.size() < MAX_IDLE) {
                c.staleAt = System.nanoTime() + MAX_IDLE_NANOS;
                idle.addFirst(c);
            } else {
                c.close();
            }
        }
    }

    private byte[] requestHead(String method, String path, Map<String, String> headers, byte[] body) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("request path must start with '/': " + path);
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(basePath).append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(hostHeader).append("\r\n");
        sb.append("User-Agent: ").append(userAgent).append("\r\n");
        boolean hasAccept = false;
        for (var h : headers.entrySet()) {
            String name = h.getKey(), value = h.getValue();
            if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)
                throw new IllegalArgumentException("header " + name + " contains a line break");
            if (name.equalsIgnoreCase("accept")) hasAccept = true;
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        if (!hasAccept) sb.append("Accept: application/json\r\n");
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Connection connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(s, host, port, true);
                if (verifyHostname) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.setSoTimeout((int) connectTimeout.toMillis());
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        Connection c = new Connection(s);
        open.add(c);
        if (closed) {
            c.close();
            throw new IOException("HTTP client is closed");
        }
        return c;
    }

    private static HttpResponse readResponse(InputStream in, String method, boolean[] reusable) throws IOException {
        String statusLine;
        try {
            statusLine = readLine(in);
        } catch (SocketException e) {
            throw new NoResponseException(e);
        }
        if (statusLine == null) throw new NoResponseException(new EOFException("connection closed before the status line"));
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
            throw new IOException("not an HTTP/1.x response: " + abbreviate(statusLine));
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + abbreviate(statusLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in);
            if (line == null) throw new EOFException("connection closed in the response headers");
            if (line.isEmpty()) break;
            if (n >= MAX_HEADERS) throw new IOException("response has more than " + MAX_HEADERS + " headers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("bad response header: " + abbreviate(line));
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        boolean http10 = parts[0].equals("HTTP/1.0");
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        byte[] body;
        String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if (te.contains("chunked")) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            long len;
            try {
                len = Long.parseLong(headers.get("content-length").split(",")[0].strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + headers.get("content-length"));
            }
            if (len < 0 || len > MAX_BODY) throw new IOException("response body of " + len + " bytes is larger than " + MAX_BODY);
            body = in.readNBytes((int) len);
            if (body.length < len) throw new EOFException("connection closed after " + body.length + " of " + len + " body bytes");
        } else {
            body = readToEnd(in);
            keepAlive = false;
        }
        reusable[0] = keepAlive;
        return new HttpResponse(status, headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) throw new EOFException("connection closed in a chunked body");
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || out.size() + (long) size > MAX_BODY) throw new IOException("chunked response body larger than " + MAX_BODY);
            if (size == 0) {
                // trailers, up to the empty line
                for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) { /* ignored */ }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) throw new EOFException("connection closed in a chunk");
            out.write(chunk);
            String crlf = readLine(in);
            if (crlf == null || !crlf.isEmpty()) throw new IOException("chunk not followed by CRLF");
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (out.size() + n > MAX_BODY) throw new IOException("response body larger than " + MAX_BODY);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A line ended by CRLF (a bare LF is tolerated), or null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) throw new IOException("response line longer than " + MAX_LINE + " bytes");
            sb.append((char) b);
        }
        if (sb.isEmpty()) return null;
        throw new EOFException("connection closed in the middle of a line");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Closes every connection, also those a request is waiting on (that request fails at once). */
    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.pollFirst()) != null; ) c.close();
        for (Connection c : open) c.close();
    }

    /** Nothing of a response arrived: the request may be retried on another connection. */
    private static final class NoResponseException extends IOException {
        NoResponseException(Throwable cause) {
            super(cause);
        }
    }

    private final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long staleAt;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        void close() {
            open.remove(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing left to do
            }
        }
    }
}
