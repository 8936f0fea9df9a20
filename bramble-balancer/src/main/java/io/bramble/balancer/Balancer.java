package io.bramble.balancer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.config.BalancerConfig;
import io.bramble.balancer.config.MemberConfig;
import io.bramble.balancer.feed.CenterMembers;
import io.bramble.balancer.feed.MemberFeed;
import io.bramble.balancer.health.HealthChecker;
import io.bramble.balancer.manager.ManagerServer;
import io.bramble.balancer.member.Endpoint;
import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.member.MemberTable;
import io.bramble.balancer.member.NodeReport;
import io.bramble.balancer.method.LoadFactor;
import io.bramble.balancer.method.Method;
import io.bramble.balancer.method.RetryBudget;
import io.bramble.balancer.method.Router;
import io.bramble.balancer.proxy.ProxyServer;
import io.bramble.balancer.proxy.ProxySettings;
import io.bramble.balancer.proxy.Transport;
import io.bramble.core.config.ConfigLoader;

/**
 * The whole balancer process: proxy, members (static and from the center), health checks and
 * manager, with configuration reload that keeps open connections. Build with a config, then
 * {@link #start()}; {@link #reload()} re-reads the file and refuses a bad one, keeping the old.
 */
public final class Balancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Balancer.class);
    private final Path configFile;
    private final Clock clock;
    private final MemberTable table = new MemberTable();
    private final Router router;
    private final RetryBudget budget;
    private final ProxyServer proxy;
    private final HealthChecker health;
    private volatile BalancerConfig config;
    private volatile LoadFactor loadFactor;
    private List<Member> centerMembers = List.of();
    private MemberFeed feed;
    private ManagerServer manager;
    private InetSocketAddress address;

    /** {@code configFile} may be null (command-line form); then reload has nothing to read. */
    public Balancer(BalancerConfig config, Path configFile, Clock clock) {
        this.config = config;
        this.configFile = configFile;
        this.clock = clock;
        this.loadFactor = new LoadFactor(config.byload());
        this.router = new Router(table, method(config));
        this.budget = new RetryBudget(config.retry().budgetPercent(), config.retry().minConcurrent());
        this.proxy = new ProxyServer(ProxySettings.from(config), router, budget, clock, Transport.choose(config.transport()), config.threads());
        this.health = new HealthChecker(table, clock, config.healthCheck());
        applyMembers(config, true);
    }

    private Method method(BalancerConfig c) {
        long slow = c.slowStart().toMillis();
        return Method.create(c.methodName(),
                (m, now) -> m.effectiveWeight(now, slow, 1.0),
                (m, now) -> m.effectiveWeight(now, slow, loadFactor.of(m.report())));
    }

    public synchronized void start() throws InterruptedException {
        address = proxy.start(config.listenAddress());
        health.start();
        if (config.center().enabled()) {
            feed = new MemberFeed(config.name(), config.center(), clock, this::centerMembers);
            feed.start();
        }
        if (config.manager().enabled()) {
            manager = new ManagerServer(this, clock);
            manager.start();
        }
    }

    /** Where the proxy listens. */
    public InetSocketAddress address() { return address; }

    /** Where the manager listens, or null when it is off. */
    public InetSocketAddress managerAddress() { return manager == null ? null : manager.address(); }

    public BalancerConfig config() { return config; }

    public MemberTable members() { return table; }

    public Router router() { return router; }

    public ProxyServer proxy() { return proxy; }

    public HealthChecker health() { return health; }

    public Clock clock() { return clock; }

    /** Feed status for the manager page, or null without a center. */
    public MemberFeed feed() { return feed; }

    /**
     * Re-reads the config file and applies it without dropping connections. A file that does not
     * load throws {@link io.bramble.core.config.ConfigException} and the running config stays.
     * The listen addresses and thread count only change on restart.
     */
    public synchronized BalancerConfig reload() {
        if (configFile == null) throw new IllegalStateException("started without --config; nothing to reload");
        BalancerConfig next = ConfigLoader.load(configFile, BalancerConfig.class);
        apply(next);
        log.info("configuration reloaded from {}", configFile);
        return next;
    }

    /** Applies a validated config to the running balancer. */
    public synchronized void apply(BalancerConfig next) {
        BalancerConfig prev = config;
        if (!next.listen().equals(prev.listen()) || !next.threads().equals(prev.threads()) || !next.transport().equals(prev.transport()))
            log.warn("listen, threads and transport changes take effect on restart (running on {})", prev.listen());
        if (!next.manager().equals(prev.manager()) && manager != null)
            log.warn("manager settings other than the token take effect on restart");
        config = next;
        loadFactor = new LoadFactor(next.byload());
        router.method(method(next));
        budget.configure(next.retry().budgetPercent(), next.retry().minConcurrent());
        proxy.settings(ProxySettings.from(next));
        health.configure(next.healthCheck());
        applyMembers(next, false);
    }

    private void applyMembers(BalancerConfig c, boolean initial) {
        long now = clock.millis();
        List<Member> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MemberConfig mc : c.members()) {
            URI u = MemberConfig.parseUrl("url", mc.url());
            Endpoint e = Endpoint.of(u.getHost(), MemberConfig.port(u));
            Member existing = table.byName(mc.name());
            Member m;
            if (existing != null && existing.source().equals("config")) {
                m = existing;
                if (!m.endpoint().equals(e)) m.endpoint(e);
                m.weight(mc.weight());
                for (MemberFlag f : MemberFlag.values()) m.flag(f, mc.flags().contains(f), now);
            } else {
                EnumSet<MemberFlag> flags = EnumSet.noneOf(MemberFlag.class);
                flags.addAll(mc.flags());
                m = new Member(mc.name(), "config", e, mc.weight(), flags);
                if (!initial) m.enteredService(now);
            }
            result.add(m);
            names.add(m.name());
        }
        for (Member m : centerMembers) if (names.add(m.name())) result.add(m);
        table.replace(result);
    }

    /** Called by the member feed with the center's current list. */
    public synchronized void centerMembers(CenterMembers update) {
        long now = clock.millis();
        Set<String> staticNames = new HashSet<>();
        for (MemberConfig mc : config.members()) staticNames.add(mc.name());
        List<Member> next = new ArrayList<>();
        for (CenterMembers.Entry en : update.members()) {
            if (staticNames.contains(en.node())) {
                log.warn("center member {} has the name of a static member; the static one is kept", en.node());
                continue;
            }
            URI u;
            try {
                u = MemberConfig.parseUrl("url", en.url());
            } catch (IllegalArgumentException ex) {
                log.warn("center member {}: {}; skipped", en.node(), ex.getMessage());
                continue;
            }
            Endpoint e = Endpoint.of(u.getHost(), MemberConfig.port(u));
            int weight = en.weight() == null ? 1 : Math.max(1, Math.min(100, en.weight()));
            NodeReport r = new NodeReport(en.node(), en.health(), en.load1(), en.cpus(), en.tempCelsius(), en.throttled());
            Member m = null;
            for (Member old : centerMembers) if (old.name().equals(en.node())) m = old;
            if (m == null) {
                m = new Member(en.node(), "center", e, weight, EnumSet.noneOf(MemberFlag.class));
                m.enteredService(now);
                m.report(r, now);
            } else {
                if (!m.endpoint().equals(e)) m.endpoint(e);
                if (!m.weightSetByOperator()) m.weight(weight);
                m.report(r, now);
            }
            next.add(m);
        }
        centerMembers = List.copyOf(next);
        applyMembers(config, false);
    }

    @Override
    public synchronized void close() {
        if (manager != null) manager.stop();
        if (feed != null) feed.stop();
        health.stop();
        proxy.stop(2000);
    }
}
