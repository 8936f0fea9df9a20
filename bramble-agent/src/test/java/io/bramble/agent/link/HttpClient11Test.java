package io.bramble.agent.link;

import static io.bramble.agent.link.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpClient11Test {
    private static HttpClient11 client(String base) {
        return new HttpClient11(URI.create(base), null, true, Duration.ofSeconds(2), Duration.ofSeconds(2), "bramble-agent/test");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveSendsSeveralRequestsOverOneConnection() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                String body = "{\"n\":" + i + "}";
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                return true;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            for (int i = 0; i < 3; i++) {
                HttpResponse r = http.send("POST", "/api/v1/agent/heartbeat", Map.of("Content-Type", "application/json"), json("{}"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("{\"n\":" + i + "}");
            }
            assertThat(server.connections).hasValue(1);
        }
    }

    @Test
    void requestsCarryMethodPathHostLengthAndHeaders() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 204 No Content\r\n\r\n");
                return true;
            });
             var http = client("http://127.0.0.1:" + server.port() + "/bramble/")) {
            HttpResponse r = http.send("POST", "/api/v1/agent/events", Map.of("Authorization", "Bearer abc"), json("{\"a\":1}"));
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            String req = server.requests.getFirst();
            assertThat(req).startsWith("POST /bramble/api/v1/agent/events HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                    .contains("\r\nAuthorization: Bearer abc\r\n")
                    .contains("\r\nContent-Length: 7\r\n")
                    .contains("\r\nUser-Agent: bramble-agent/test\r\n")
                    .endsWith("\r\n\r\n{\"a\":1}");
        }
    }

    @Test
    void chunkedResponsesAreReassembledIgnoringExtensionsAndTrailers() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=1\r\n{\"acc\r\n" + "d\r\nepted\":3,\"las\r\n" + "b\r\ntSeq\":12}  \r\n" + "0\r\nX-Trailer: yes\r\n\r\n");
                return true;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThat(http.send("POST", "/e", Map.of(), json("{}")).bodyText()).isEqualTo("{\"accepted\":3,\"lastSeq\":12}  ");
            // the connection is still in step: a second request on it works
            assertThat(http.send("POST", "/e", Map.of(), json("{}")).bodyText()).startsWith("{\"accepted\"");
            assertThat(server.connections).hasValue(1);
        }
    }

    @Test
    void connectionCloseIsHonouredAndTheNextRequestOpensANewConnection() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
                return false;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThat(http.send("GET", "/healthz", Map.of(), null).bodyText()).isEqualTo("ok");
            assertThat(http.send("GET", "/healthz", Map.of(), null).bodyText()).isEqualTo("ok");
            assertThat(server.connections).hasValue(2);
        }
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnection() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
                return false;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThat(http.send("GET", "/", Map.of(), null).bodyText()).isEqualTo("all of it");
        }
    }

    @Test
    void interimContinueAnswersAreSkipped() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
                return true;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            HttpResponse r = http.send("POST", "/enroll", Map.of(), json("{}"));
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.bodyText()).isEqualTo("{}");
        }
    }

    @Test
    void aPooledConnectionTheServerDroppedIsRetriedOnceOnANewOne() throws Exception {
        // the server answers once per connection with keep-alive, then hangs up: the pooled connection is dead
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i);
                return false;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThat(http.send("POST", "/hb", Map.of(), json("{}")).bodyText()).isEqualTo("0");
            assertThat(http.send("POST", "/hb", Map.of(), json("{}")).bodyText()).isEqualTo("1");
            assertThat(server.connections).hasValue(2);
            // the retried request reached the server once only
            assertThat(server.requests).hasSize(2);
        }
    }

    @Test
    void aSilentServerHitsTheReadTimeout() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            });
             var http = new HttpClient11(URI.create("http://127.0.0.1:" + server.port()), null, true,
                     Duration.ofSeconds(1), Duration.ofMillis(300), "t")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> http.send("POST", "/hb", Map.of(), json("{}"))).isInstanceOf(SocketTimeoutException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        }
    }

    @Test
    void nothingListeningIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (var http = client("http://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> http.send("GET", "/", Map.of(), null)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void garbageInsteadOfHttpIsAnErrorNamingIt() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "SSH-2.0-OpenSSH_9.2\r\n");
                return false;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThatThrownBy(() -> http.send("GET", "/", Map.of(), null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP/1.x response").hasMessageContaining("SSH-2.0");
        }
    }

    @Test
    void aTruncatedBodyIsAnError() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
                return false;
            });
             var http = client("http://127.0.0.1:" + server.port())) {
            assertThatThrownBy(() -> http.send("GET", "/", Map.of(), null)).hasMessageContaining("5 of 100");
        }
    }

    @Test
    void headersWithLineBreaksAreRefusedBeforeAnythingIsSent() throws Exception {
        try (var http = client("http://127.0.0.1:9")) {
            assertThatThrownBy(() -> http.send("GET", "/", Map.of("X-Evil", "a\r\nHost: other"), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        }
    }

    @Test
    void onlyHttpAndHttpsUrlsAreAccepted() {
        assertThatThrownBy(() -> client("ftp://center")).hasMessageContaining("http://");
    }

    @Test
    void closingTheClientCutsOffAWaitingRequest() throws Exception {
        try (var server = new ScriptedServer((i, req, out) -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            })) {
            var http = new HttpClient11(URI.create("http://127.0.0.1:" + server.port()), null, true,
                    Duration.ofSeconds(1), Duration.ofSeconds(30), "t");
            var failure = new java.util.concurrent.CompletableFuture<Throwable>();
            Thread.ofVirtual().start(() -> {
                try {
                    http.send("GET", "/api/v1/agent/commands?wait=25s", Map.of(), null);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            org.awaitility.Awaitility.await().until(() -> server.requests.size() == 1);
            http.close();
            assertThat(failure.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }
}
