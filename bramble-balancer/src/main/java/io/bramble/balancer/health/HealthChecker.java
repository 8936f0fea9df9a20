package io.bramble.balancer.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.config.HealthCheck;
import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.Member.CheckOutcome;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.MemberTable;

/**
 * Active health checks: every interval, GET the check path on each member that is not stopped
 * (asynchronously, off the event loops). 2xx and 3xx pass, 404 drains the member, anything else
 * (or no answer within the timeout) fails; rise and fall decide when the state flips.
 */
public final class HealthChecker {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private final MemberTable table;
    private final Clock clock;
    private final Set<Member> running = ConcurrentHashMap.newKeySet();
    private volatile HealthCheck config;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> task;
    private HttpClient client;

    public HealthChecker(MemberTable table, Clock clock, HealthCheck config) {
        this.table = table;
        this.clock = clock;
        this.config = config;
    }

    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bramble-balancer-health");
                t.setDaemon(true);
                return t;
            });
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(config.timeout()).build();
        }
        schedule();
    }

    private void schedule() {
        if (task != null) task.cancel(false);
        task = null;
        if (!config.enabled() || timer == null) return;
        long every = config.interval().toMillis();
        task = timer.scheduleWithFixedDelay(this::checkAll, 0, every, TimeUnit.MILLISECONDS);
    }

    public synchronized void configure(HealthCheck next) {
        if (next.equals(config)) return;
        this.config = next;
        if (timer != null) schedule();
    }

    public HealthCheck config() { return config; }

    /** Runs one round now (also used by the scheduler). */
    public void checkAll() {
        HealthCheck c = config;
        if (!c.enabled()) return;
        for (Member m : table.members()) {
            if (m.has(MemberFlag.STOPPED)) continue;
            if (!running.add(m)) continue;
            check(m, c);
        }
    }

    private void check(Member m, HealthCheck c) {
        URI uri = URI.create(m.endpoint().url() + c.path());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(c.timeout()).GET()
                .header("User-Agent", "bramble-balancer-health").build();
        client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            try {
                CheckOutcome outcome;
                String detail;
                if (err != null) {
                    Throwable t = err.getCause() != null ? err.getCause() : err;
                    outcome = CheckOutcome.FAIL;
                    detail = t instanceof HttpTimeoutException ? "no answer within " + c.timeout().toMillis() + " ms"
                            : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
                } else {
                    int code = resp.statusCode();
                    detail = "HTTP " + code;
                    outcome = code == 404 ? CheckOutcome.DRAIN : code >= 200 && code < 400 ? CheckOutcome.PASS : CheckOutcome.FAIL;
                }
                String change = m.checked(outcome, detail, clock.instant(), c.rise(), c.fall());
                if (change != null) log.info("member {}: {}", m.name(), change);
            } finally {
                running.remove(m);
            }
        });
    }

    public synchronized void stop() {
        if (task != null) task.cancel(false);
        if (timer != null) timer.shutdownNow();
        if (client != null) client.shutdownNow();
        timer = null;
        client = null;
    }
}
