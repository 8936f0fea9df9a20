package io.bramble.center;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.audit.AuditLog;
import io.bramble.boot.BootServices;
import io.bramble.center.auth.AuthRoutes;
import io.bramble.center.boot.BootEvents;
import io.bramble.center.boot.BootManager;
import io.bramble.center.boot.BootRoutes;
import io.bramble.center.boot.CenterBootPolicy;
import io.bramble.center.auth.AuthService;
import io.bramble.center.auth.Passwords;
import io.bramble.center.auth.Role;
import io.bramble.center.auth.Secrets;
import io.bramble.center.commands.CommandRoutes;
import io.bramble.center.commands.CommandService;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.events.EventLog;
import io.bramble.center.locate.LocateRoutes;
import io.bramble.center.locate.LocateService;
import io.bramble.center.metrics.PrometheusRoutes;
import io.bramble.center.nodes.AgentRoutes;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.nodes.NodeRoutes;
import io.bramble.center.power.PowerRoutes;
import io.bramble.center.power.PowerService;
import io.bramble.center.power.PowerWatchdog;
import io.bramble.center.store.Store;
import io.bramble.center.stream.StreamRoutes;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A running control center: store, services, the HTTP API and the background jobs (health checks,
 * sample rollups). Built by hand from its parts; {@link #start} wires the real ones.
 */
public final class Center implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Center.class);

    private final CenterConfig config;
    private final Store store;
    private final AuthService auth;
    private final NodeRegistry nodes;
    private final EventLog events;
    private final AuditLog audit;
    private final Api api;
    private final Javalin http;
    private final StreamRoutes stream;
    private final ScheduledExecutorService jobs;
    private final BootManager boot;
    private final BootEvents bootEvents;
    private final BootServices bootServices;
    private final PowerService power;
    private final PowerWatchdog watchdog;
    private final io.bramble.center.balancer.MemberFeedRoutes memberFeed;
    private final CommandService commands;
    private final LocateService locate;

    private Center(CenterConfig config, Store store, AuthService auth, NodeRegistry nodes, EventLog events, AuditLog audit,
                   Api api, Javalin http, StreamRoutes stream, ScheduledExecutorService jobs, BootManager boot, BootEvents bootEvents,
                   BootServices bootServices, PowerService power, PowerWatchdog watchdog,
                   io.bramble.center.balancer.MemberFeedRoutes memberFeed, CommandService commands, LocateService locate) {
        this.config = config;
        this.store = store;
        this.auth = auth;
        this.nodes = nodes;
        this.events = events;
        this.audit = audit;
        this.api = api;
        this.http = http;
        this.stream = stream;
        this.jobs = jobs;
        this.boot = boot;
        this.bootEvents = bootEvents;
        this.bootServices = bootServices;
        this.power = power;
        this.watchdog = watchdog;
        this.memberFeed = memberFeed;
        this.commands = commands;
        this.locate = locate;
    }

    /**
     * Opens the store, creates the admin user on first start (password {@code adminPassword} or a
     * generated one printed once on {@code out}), and starts serving.
     */
    public static Center start(CenterConfig config, Clock clock, String adminPassword, PrintStream out) {
        Store store = Store.open(config.store(), config.dataPath());
        try {
            SecureRandom random = new SecureRandom();
            Secrets secrets = new Secrets(random);
            AuditLog audit = new AuditLog(store, clock);
            EventLog events = new EventLog(store, clock);
            AuthService auth = new AuthService(store, new Passwords(config.auth().passwordIterations(), random), secrets, clock, audit,
                    config.auth().sessionTtl());
            bootstrapAdmin(auth, adminPassword, secrets, out);
            NodeRegistry nodes = new NodeRegistry(store, auth, events, audit, secrets, clock, config);

            Api api = new Api(auth, nodes);
            api.get("/healthz", Access.OPEN, ctx -> {
                boolean ok = store.ping();
                Api.json(ctx, ok ? 200 : 503, Map.of("status", ok ? "ok" : "store unavailable"));
            });
            new AuthRoutes(auth, audit, config.auth().sessionTtl()).register(api);
            new NodeRoutes(nodes, events, clock).register(api);
            new AgentRoutes(nodes).register(api);
            new PrometheusRoutes(nodes, store.writer(), clock).register(api);
            StreamRoutes stream = new StreamRoutes(nodes, events, clock);
            stream.register(api);
            new io.bramble.center.dashboard.DashboardRoutes(config, clock).register(api);
            CommandService commands = new CommandService(store, nodes, events, audit, secrets, clock);
            new CommandRoutes(commands, nodes).register(api);
            LocateService locate = new LocateService(nodes, commands, events, audit, clock);
            new LocateRoutes(locate, nodes, clock).register(api);
            commands.addListener(c -> stream.publish("command", c));
            locate.addListener(c -> stream.publish("locate", c));
            io.bramble.center.balancer.MemberFeedRoutes memberFeed = new io.bramble.center.balancer.MemberFeedRoutes(config, nodes);
            memberFeed.register(api);
            AtomicReference<String> url = new AtomicReference<>("");
            AtomicReference<BootServices> services = new AtomicReference<>();
            BootManager boot = new BootManager(store, nodes, auth, events, audit, clock, config.boot(), config.dataPath(), url::get);
            BootEvents bootEvents = new BootEvents(nodes, events);
            new BootRoutes(boot, bootEvents, nodes, () -> services.get() == null ? -1 : services.get().tftpPort()).register(api);
            io.bramble.center.power.Pi4jHardware hardware = io.bramble.center.power.Pi4jHardware.auto();
            PowerService power = new PowerService(config.power(), PowerService.outlets(config.power(), hardware), nodes, events, audit,
                    store, clock, hardware);
            PowerWatchdog watchdog = new PowerWatchdog(power, nodes, events, config.power().watchdog(), clock,
                    r -> Thread.ofVirtual().name("power-watchdog").start(r));
            new PowerRoutes(power, watchdog, clock).register(api);

            Javalin http = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.concurrency.useVirtualThreads = true;
                cfg.http.maxRequestSize = config.http().maxBodyBytes();
                // Every agent keeps one connection open (10,000 at the target): Jetty's per-connection header cache
                // (an ArrayTrie of ~200 kB, built on a connection's first request) cost 2 GB at 10,000 nodes and
                // buried the center in garbage collection; agents send few, mostly distinct headers anyway.
                cfg.jetty.modifyHttpConfiguration(hc -> hc.setHeaderCacheSize(0));
                cfg.jetty.addConnector((server, hc) -> {
                    ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(hc));
                    c.setHost(config.http().host());
                    c.setPort(config.http().port());
                    // after a center restart every agent reconnects within one heartbeat; with Java's default backlog
                    // of 50 the kernel drops handshakes and clients wait seconds for SYN-ACK retransmits
                    c.setAcceptQueueSize(4096);
                    // an idle agent connection outlives the gap between heartbeats (and a long poll), so it is reused
                    c.setIdleTimeout(idleTimeout(config.heartbeat().interval()).toMillis());
                    return c;
                });
                api.install(cfg);
            });
            try {
                http.start();
            } catch (RuntimeException e) {
                throw new io.bramble.core.config.StartupException("cannot listen on " + config.http().host() + ":" + config.http().port() + ": "
                        + rootMessage(e) + " (is another center running? choose another http.port)", e);
            }

            url.set(url(config, http.port()));
            BootServices bootServices = null;
            if (config.boot().enabled()) {
                try {
                    bootServices = new BootServices(config.boot().services(), new CenterBootPolicy(boot), clock, bootEvents).start();
                    services.set(bootServices);
                    log.info("netboot: TFTP on {}:{}", config.boot().tftp().listen(), bootServices.tftpPort());
                } catch (RuntimeException e) {
                    http.stop();
                    bootEvents.close();
                    throw new io.bramble.core.config.StartupException("cannot start netboot (TFTP " + config.boot().tftp().listen() + ":"
                            + config.boot().tftp().port() + "): " + rootMessage(e) + " (port 69 needs root or CAP_NET_BIND_SERVICE; "
                            + "or choose boot.tftp.port)", e);
                }
            }

            ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("center-jobs").factory());
            long every = config.health().checkEvery().toMillis();
            jobs.scheduleWithFixedDelay(guard("health check", nodes::checkHealth), every, every, TimeUnit.MILLISECONDS);
            jobs.scheduleWithFixedDelay(guard("boot deadlines", boot::checkDeadlines), every, every, TimeUnit.MILLISECONDS);
            jobs.scheduleWithFixedDelay(guard("command expiry", commands::expire), 1, 1, TimeUnit.SECONDS);
            jobs.scheduleWithFixedDelay(guard("sample rollup", () -> {
                nodes.rollup();
                events.expire(config.retention().events());
                commands.forget(clock.instant().minus(config.retention().events()));
            }), 30, 60, TimeUnit.SECONDS);
            power.restore();
            power.schedule(watchdog::check, config.retention().raw());

            Center c = new Center(config, store, auth, nodes, events, audit, api, http, stream, jobs, boot, bootEvents, bootServices,
                    power, watchdog, memberFeed, commands, locate);
            log.info("center listening on {}", c.url());
            return c;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** How long an idle connection stays open: past two heartbeat intervals, at least a minute, at most ten. */
    static java.time.Duration idleTimeout(java.time.Duration heartbeat) {
        java.time.Duration t = heartbeat.multipliedBy(2).plusSeconds(10);
        java.time.Duration min = java.time.Duration.ofMinutes(1), max = java.time.Duration.ofMinutes(10);
        return t.compareTo(min) < 0 ? min : t.compareTo(max) > 0 ? max : t;
    }

    private static Runnable guard(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, e.toString());
            }
        };
    }

    private static void bootstrapAdmin(AuthService auth, String password, Secrets secrets, PrintStream out) {
        if (auth.hasUsers()) return;
        boolean generated = password == null || password.isEmpty();
        String pw = generated ? secrets.newSecret().substring(0, 20) : password;
        auth.createUser("center", "admin", pw.toCharArray(), Role.ADMIN);
        if (generated) {
            out.println("Bramble admin user created: username admin, password " + pw);
            out.println("(shown once; set BRAMBLE_ADMIN_PASSWORD to choose it)");
        } else {
            out.println("Bramble admin user created: username admin, password from BRAMBLE_ADMIN_PASSWORD");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }

    public int port() {
        return http.port();
    }

    /** The URL agents and browsers use: {@code http.publicUrl}, else the address it listens on. */
    public String url() {
        return url(config, port());
    }

    private static String url(CenterConfig config, int port) {
        String pub = config.http().publicUrl();
        if (pub != null && !pub.isBlank()) return pub.replaceAll("/+$", "");
        String host = config.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + port;
    }

    public CenterConfig config() { return config; }

    public Store store() { return store; }

    public AuthService auth() { return auth; }

    public NodeRegistry nodes() { return nodes; }

    public EventLog events() { return events; }

    public AuditLog audit() { return audit; }

    public Api api() { return api; }

    public BootManager boot() { return boot; }

    public BootEvents bootEvents() { return bootEvents; }

    /** The bound TFTP port, or -1 when netboot is off. */
    public int tftpPort() {
        return bootServices == null ? -1 : bootServices.tftpPort();
    }

    public PowerService power() { return power; }

    public CommandService commands() { return commands; }

    public LocateService locate() { return locate; }

    public PowerWatchdog powerWatchdog() { return watchdog; }

    @Override
    public void close() {
        jobs.shutdownNow();
        power.close();
        if (bootServices != null) bootServices.close();
        bootEvents.close();
        locate.close();
        commands.close();
        stream.close();
        memberFeed.close();
        http.stop();
        nodes.close();
        store.close();
        events.close();
        log.info("center stopped");
    }
}
