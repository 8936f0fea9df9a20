package io.bramble.balancer.proxy;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.config.HostPort;
import io.bramble.balancer.method.RetryBudget;
import io.bramble.balancer.method.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The listening side of the balancer: a Netty server whose pipeline per client is
 * idle timer → request decoder (admits only strict origin-form requests) → admission (answers the
 * refusals) → proxy; responses go out as the bytes the proxy writes (no encoder). Member connections live
 * on the client's own event loop, so nothing on the request path crosses threads or blocks.
 */
public final class ProxyServer {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private final Router router;
    private final RetryBudget budget;
    private final Clock clock;
    private final Transport transport;
    private final int threads;
    private final ProxyStats stats = new ProxyStats();
    private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();
    private volatile ProxySettings settings;
    private volatile boolean closing;
    private EventLoopGroup group;
    private Channel listener;

    public ProxyServer(ProxySettings settings, Router router, RetryBudget budget, Clock clock, Transport transport, int threads) {
        this.settings = settings;
        this.router = router;
        this.budget = budget;
        this.clock = clock;
        this.transport = transport;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Binds and starts serving; returns the bound address (port 0 picks a free one). */
    public synchronized InetSocketAddress start(HostPort listen) throws InterruptedException {
        group = transport.group(threads, "bramble-balancer");
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ProxySettings s = settings;
                        // reader-idle only: a writer or all-idle timer would put a listener on every write
                        ch.pipeline().addLast("idle", new IdleStateHandler(s.clientIdleMillis(), 0, 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("decoder", new RequestDecoder(s.maxInitialLineBytes(), s.maxHeaderBytes(), s.maxBodyBytes()));
                        ch.pipeline().addLast("admission", new AdmissionHandler(ProxyServer.this));
                        ch.pipeline().addLast("proxy", new FrontendHandler(ProxyServer.this));
                    }
                });
        try {
            listener = b.bind(listen.host(), listen.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        log.info("balancer listening on {} ({} transport, {} event loops)", bound, transport.name(), threads);
        return bound;
    }

    /**
     * Stops accepting, lets requests in flight finish for up to {@code grace} (their responses
     * carry Connection: close), then closes everything.
     */
    public synchronized void stop(long graceMillis) {
        closing = true;
        if (listener != null) listener.close().syncUninterruptibly();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < deadline && budgetActive() > 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int budgetActive() {
        int n = 0;
        for (var m : router.table().members()) n += m.inFlight();
        return n;
    }

    UpstreamPool pool(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new UpstreamPool(l, this));
    }

    /** Closes idle member connections on every loop (after members changed address). */
    public void closeIdleConnections() {
        for (UpstreamPool p : pools.values()) p.loop().execute(p::closeIdle);
    }

    public ProxySettings settings() { return settings; }

    /** New settings apply to requests that start after this call; open connections stay. */
    public void settings(ProxySettings s) { this.settings = s; }

    public ProxyStats stats() { return stats; }

    public Router router() { return router; }

    RetryBudget budget() { return budget; }

    Clock clock() { return clock; }

    public Transport transport() { return transport; }

    boolean closing() { return closing; }

    public int threads() { return threads; }
}
