package io.bramble.agent.link;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback server that answers each request with bytes a test script writes, to exercise HTTP framing corner cases. */
final class ScriptedServer implements AutoCloseable {
    /** Writes the answer to request number {@code index} (0-based over all connections); false closes the connection. */
    interface Script {
        boolean answer(int index, String request, OutputStream out) throws IOException;
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, script));
            }
        });
    }

    private void serve(Socket s, Script script) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) return;
                int index;
                synchronized (requests) {
                    requests.add(request);
                    index = requests.size() - 1;
                }
                boolean keep = script.answer(index, request, out);
                out.flush();
                if (!keep) return;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b, state = 0;
        while (state < 4 && (b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        if (state < 4) return null;
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int len = 0;
        for (String line : text.split("\r\n"))
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) len = Integer.parseInt(line.substring(15).strip());
        return text + new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    int port() {
        return server.getLocalPort();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
