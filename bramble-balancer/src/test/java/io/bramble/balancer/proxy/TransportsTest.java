package io.bramble.balancer.proxy;

import static io.bramble.balancer.support.Balancers.base;
import static io.bramble.balancer.support.Balancers.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.support.Balancers;
import io.bramble.balancer.support.RawHttp;
import io.bramble.balancer.support.TestBackend;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;

/**
 * The proxy's core paths on every event-loop transport: `auto` takes io_uring where the kernel allows it, so the other
 * tests no longer cover epoll (what a machine without io_uring runs) or NIO (anything else).
 */
class TransportsTest {
    private TestBackend a, b;
    private Balancer bal;
    private final HttpClient http = Balancers.client();

    @BeforeEach
    void backends() throws Exception {
        a = new TestBackend("a");
        b = new TestBackend("b");
    }

    @AfterEach
    void stop() {
        if (bal != null) bal.close();
        a.close();
        b.close();
        http.close();
    }

    private static void assumeAvailable(String transport) {
        // CI runs on Linux with io_uring enabled: there nothing is skipped
        if (transport.equals("io_uring"))
            Assumptions.assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
        if (transport.equals("epoll"))
            Assumptions.assumeTrue(Epoll.isAvailable(), () -> "epoll is not available here: " + Epoll.unavailabilityCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void proxiesSpreadsStreamsAndPipelinesOn(String transport) throws Exception {
        assumeAvailable(transport);
        bal = Balancers.start("""
                transport: %s
                limits: {maxBodyBytes: 20000000}
                members:
                  - {name: a, url: %s}
                  - {name: b, url: %s}
                """.formatted(transport, a.url(), b.url()));
        assertThat(Transport.choose(transport).name()).isEqualTo(transport);

        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < 100; i++) c.merge(get(http, base(bal) + "/").body(), 1, Integer::sum);
        assertThat(c).containsEntry("a", 50).containsEntry("b", 50);

        byte[] body = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base(bal) + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MessageDigest.getInstance("SHA-256").digest(r.body())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));

        String answer = RawHttp.exchange(bal.address(),
                "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(4);
    }

    @Test
    void aTransportThatIsNotOneIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Transport.choose("kqueue")).hasMessage("transport 'kqueue' is not one of [auto, io_uring, epoll, nio]");
        assertThatThrownBy(() -> Balancers.start("transport: kqueue\nmembers:\n  - {name: a, url: " + a.url() + "}\n"))
                .hasMessageContaining("transport").hasMessageContaining("'kqueue' is not a transport; use one of [auto, io_uring, epoll, nio]");
    }

    @Test
    void autoTakesIoUringWhereTheKernelAllowsIt() {
        Transport t = Transport.choose("auto");
        if (IoUring.isAvailable()) assertThat(t.name()).isEqualTo("io_uring");
        else if (Epoll.isAvailable()) assertThat(t.name()).isEqualTo("epoll");
        else assertThat(t.name()).isEqualTo("nio");
    }
}
