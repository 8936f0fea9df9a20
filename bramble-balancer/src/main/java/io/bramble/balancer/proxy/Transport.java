package io.bramble.balancer.proxy;

import java.util.concurrent.ThreadFactory;

import io.bramble.balancer.config.BalancerConfig;
import io.bramble.core.config.StartupException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event-loop transport: Netty's io_uring where the kernel allows it (Linux 5.14+ with io_uring enabled, x86-64),
 * epoll where it does not (Linux x86-64 and aarch64), NIO anywhere else. io_uring is first because it measured
 * 1.26x HAProxy's requests/s with a lower p99 on the balancer benchmark, against 1.00x for epoll (docs/performance.md).
 */
public record Transport(String name, IoHandlerFactory ioFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel) {

    /**
     * The transport named {@code wanted} (one of {@link BalancerConfig#TRANSPORTS}); {@code auto} takes the best available. A
     * named transport the machine cannot use is refused with the reason (for io_uring often a kernel setting or a container's
     * seccomp profile), as a {@link StartupException}: one line for the operator.
     */
    public static Transport choose(String wanted) {
        switch (wanted == null ? "auto" : wanted) {
            case "auto" -> {
                if (IoUring.isAvailable()) return ioUring();
                if (Epoll.isAvailable()) return epoll();
                return nio();
            }
            case "io_uring" -> {
                if (!IoUring.isAvailable())
                    throw new StartupException("transport io_uring is not available here (" + IoUring.unavailabilityCause()
                            + "); use transport: auto, epoll or nio", IoUring.unavailabilityCause());
                return ioUring();
            }
            case "epoll" -> {
                if (!Epoll.isAvailable())
                    throw new StartupException("transport epoll is not available here (" + Epoll.unavailabilityCause()
                            + "); use transport: auto or nio", Epoll.unavailabilityCause());
                return epoll();
            }
            case "nio" -> {
                return nio();
            }
            default -> throw new IllegalArgumentException("transport '" + wanted + "' is not one of " + BalancerConfig.TRANSPORTS);
        }
    }

    private static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, IoUringSocketChannel.class);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    public EventLoopGroup group(int threads, String prefix) {
        ThreadFactory tf = new DefaultThreadFactory(prefix, true);
        return new MultiThreadIoEventLoopGroup(threads, tf, ioFactory);
    }
}
