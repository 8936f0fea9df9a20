package io.bramble.balancer.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.BalancerConfig;
import io.bramble.core.config.ConfigLoader;

/** Starts balancers from YAML text on a free loopback port. */
public final class Balancers {
    private Balancers() {}

    public static Balancer start(String yaml) throws InterruptedException {
        String full = (yaml.contains("listen:") ? "" : "listen: 127.0.0.1:0\n") + (yaml.contains("threads:") ? "" : "threads: 2\n") + yaml;
        BalancerConfig c = ConfigLoader.parse("test.yaml", full, BalancerConfig.class);
        Balancer b = new Balancer(c, null, Clock.systemUTC());
        b.start();
        return b;
    }

    public static String base(Balancer b) {
        return "http://127.0.0.1:" + b.address().getPort();
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    public static HttpResponse<String> get(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
