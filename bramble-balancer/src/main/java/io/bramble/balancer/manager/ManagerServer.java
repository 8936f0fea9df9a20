package io.bramble.balancer.manager;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.HostPort;
import io.bramble.balancer.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The balancer manager on its own port and its own single event loop (so its small file writes
 * never stall the proxy): an HTML page and a JSON API to watch members and change weight, state
 * and drain.
 */
public final class ManagerServer {
    private static final Logger log = LoggerFactory.getLogger(ManagerServer.class);
    private final Balancer balancer;
    private final Clock clock;
    private final Sessions sessions;
    private final AuditLog audit;
    private EventLoopGroup group;
    private Channel listener;
    private InetSocketAddress address;

    public ManagerServer(Balancer balancer, Clock clock) {
        this.balancer = balancer;
        this.clock = clock;
        this.sessions = new Sessions(clock);
        this.audit = new AuditLog(Path.of(balancer.config().manager().auditLog()), clock);
    }

    public synchronized InetSocketAddress start() throws InterruptedException {
        HostPort listen = balancer.config().manager().listenAddress();
        Transport t = balancer.proxy().transport();
        group = t.group(1, "bramble-balancer-manager");
        ServerBootstrap b = new ServerBootstrap().group(group).channel(t.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
                        ch.pipeline().addLast(new ManagerHandler(balancer, sessions, audit, clock));
                    }
                });
        try {
            listener = b.bind(listen.host(), listen.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        address = (InetSocketAddress) listener.localAddress();
        log.info("balancer manager on http://{}:{}/balancer-manager (allowed from {})", address.getHostString(), address.getPort(),
                balancer.config().manager().allow());
        return address;
    }

    public InetSocketAddress address() { return address; }

    public AuditLog audit() { return audit; }

    public synchronized void stop() {
        if (listener != null) listener.close().syncUninterruptibly();
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
