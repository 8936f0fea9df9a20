package io.bramble.balancer.proxy;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bramble.balancer.member.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Idle keep-alive connections to members, one pool per event loop so a connection is only ever
 * touched by the loop that owns the client it serves: no locks on the request path. Last in, first
 * out, so a burst reuses the warmest connections and the rest age out by the idle timeout.
 */
final class UpstreamPool {
    /** Status line and headers of a member's response, as Netty's client codec allowed before. */
    private static final int MAX_RESPONSE_HEAD = 16384 + 65536;
    private final EventLoop loop;
    /** Flushes of this loop's client and member connections, batched per loop turn. */
    final FlushBatch flushes;
    private final ProxyServer server;
    // keyed by identity: a member keeps its Endpoint object until its address changes, and a record's
    // hashCode (host, port, resolved address) showed up in profiles of the request path
    private final Map<Endpoint, ArrayDeque<Channel>> idle = new IdentityHashMap<>();
    private final Bootstrap bootstrap;
    private long connectMillis = -1;

    UpstreamPool(EventLoop loop, ProxyServer server) {
        this.loop = loop;
        this.server = server;
        this.flushes = new FlushBatch(loop);
        this.bootstrap = new Bootstrap().group(loop).channel(server.transport().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ProxySettings s = server.settings();
                        // one reader-idle tick serves both timeouts; UpstreamHandler tells them apart
                        long tick = Math.max(10, Math.min(s.responseMillis(), s.upstreamIdleMillis()) / 2);
                        ch.pipeline().addLast("idle", new IdleStateHandler(tick, 0, 0, TimeUnit.MILLISECONDS));
                        ResponseDecoder decoder = new ResponseDecoder(MAX_RESPONSE_HEAD);
                        ch.pipeline().addLast("decoder", decoder);
                        ch.pipeline().addLast("upstream", new UpstreamHandler(UpstreamPool.this, decoder));
                    }
                });
    }

    EventLoop loop() { return loop; }

    /** An idle connection to {@code e}, or null. */
    Channel poll(Endpoint e) {
        ArrayDeque<Channel> q = idle.get(e);
        if (q == null) return null;
        Channel ch;
        while ((ch = q.pollLast()) != null) {
            if (!ch.isActive()) continue;
            UpstreamHandler h = (UpstreamHandler) ch.pipeline().last();
            if (h.decoder.idle()) return ch;
            ch.close(); // the member sent something while the connection sat idle
        }
        return null;
    }

    /** Keeps a connection for reuse; false when the pool for that member is full. */
    boolean offer(Endpoint e, Channel ch) {
        ArrayDeque<Channel> q = idle.computeIfAbsent(e, k -> new ArrayDeque<>());
        if (q.size() >= server.settings().maxIdlePerMember()) return false;
        UpstreamHandler h = ch.pipeline().get(UpstreamHandler.class);
        if (h != null) h.touch();
        q.addLast(ch);
        return true;
    }

    void removed(Endpoint e, Channel ch) {
        ArrayDeque<Channel> q = idle.get(e);
        if (q != null) q.remove(ch);
    }

    ChannelFuture connect(Endpoint e) {
        long c = server.settings().connectMillis();
        if (c != connectMillis) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, c));
            connectMillis = c;
        }
        return bootstrap.connect(e.address());
    }

    /** Closes every idle connection (shutdown, or members replaced). */
    void closeIdle() {
        for (ArrayDeque<Channel> q : idle.values()) {
            for (Channel ch : q.toArray(new Channel[0])) ch.close();
            q.clear();
        }
    }

    int idleCount() {
        int n = 0;
        for (ArrayDeque<Channel> q : idle.values()) n += q.size();
        return n;
    }

    ProxyServer server() { return server; }
}
