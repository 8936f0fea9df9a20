package io.bramble.boot.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootConfig.DhcpMode;
import io.bramble.boot.BootLog;
import io.bramble.boot.BootPolicy;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DhcpClient;
import io.bramble.boot.DhcpDecision;
import io.bramble.boot.DhcpExchange;

/**
 * ProxyDHCP server (PXE) for network-booting Pis beside the site's DHCP server, or a small standalone DHCP server with a
 * lease range. Listens on port 67 (DISCOVER) and 4011 (PXE REQUEST); answers only boot clients the
 * {@link BootPolicy} accepts, and only those on the configured subnet.
 *
 * <p>The JVM cannot see which interface a broadcast arrived on, so replies are sent from a socket bound to the
 * server address: the kernel sends a limited broadcast out of the interface owning that source address, so only
 * clients on the boot network can receive an answer.
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);
    private static final Inet4Address BROADCAST = DhcpPacket.v4("255.255.255.255");

    private final BootConfig.Dhcp config;
    private final BootPolicy policy;
    private final BootLog log;
    private final Clock clock;
    private final ClientDirectory clients;
    private final Inet4Address server;
    private final Subnet subnet;
    private final LeasePool leases;
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private DatagramSocket dhcpReply;
    private DatagramSocket pxeReply;
    private volatile boolean closed;

    public DhcpServer(BootConfig.Dhcp config, BootPolicy policy, BootLog log, Clock clock, ClientDirectory clients) {
        this.config = config;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
        this.clients = clients;
        this.server = DhcpPacket.v4(Subnet.literal(config.serverAddress()));
        this.subnet = Subnet.parse(config.subnet());
        if (!subnet.contains(server))
            throw new IllegalArgumentException("dhcp.serverAddress " + config.serverAddress() + " is not inside dhcp.subnet " + subnet);
        this.leases = config.mode() == DhcpMode.STANDALONE ? new LeasePool(config.leaseRange(), config.leaseTime(), clock) : null;
        if (leases != null) {
            for (String end : config.leaseRange().split("-"))
                if (!subnet.contains(DhcpPacket.v4(end.strip())))
                    throw new IllegalArgumentException("dhcp.leaseRange " + config.leaseRange() + " is not inside dhcp.subnet " + subnet);
        }
    }

    public synchronized DhcpServer start() {
        if (!sockets.isEmpty()) throw new IllegalStateException("DHCP server already started");
        try {
            dhcpReply = open(config.port(), true);
            pxeReply = open(config.pxePort(), false);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("{} DHCP listening on ports {} and {} for {}, boot server {}", config.mode() == DhcpMode.PROXY ? "Proxy" : "Standalone",
                port(), pxePort(), subnet, server.getHostAddress());
        return this;
    }

    /** Opens the listening socket (and, when listening on the wildcard address, one bound to the server address for replies). */
    private DatagramSocket open(int port, boolean dhcpPort) {
        DatagramSocket listen = bind(new InetSocketAddress(config.listen(), port), "dhcp.listen");
        int bound = listen.getLocalPort();
        DatagramSocket reply = listen;
        if (listen.getLocalAddress().isAnyLocalAddress()) {
            reply = bind(new InetSocketAddress(server, bound), "dhcp.serverAddress");
        }
        for (DatagramSocket s : reply == listen ? List.of(listen) : List.of(listen, reply)) {
            DatagramSocket replyVia = reply;
            Thread t = Thread.ofVirtual().name("dhcp-" + bound).start(() -> receive(s, bound, dhcpPort, replyVia));
            threads.add(t);
        }
        return reply;
    }

    private DatagramSocket bind(InetSocketAddress at, String key) {
        try {
            DatagramSocket s = new DatagramSocket(null);
            sockets.add(s);
            s.setReuseAddress(true);
            s.setBroadcast(true);
            s.bind(at);
            return s;
        } catch (SocketException e) {
            throw new UncheckedIOException("DHCP cannot listen on " + at.getAddress().getHostAddress() + ":" + at.getPort() + " (" + key + "): "
                    + e.getMessage() + (at.getPort() > 0 && at.getPort() < 1024 ? "; ports below 1024 need root or CAP_NET_BIND_SERVICE" : "")
                    + "; check that this machine has that address and that no other DHCP server (dnsmasq?) holds the port", e);
        }
    }

    public int port() {
        return dhcpReply.getLocalPort();
    }

    public int pxePort() {
        return pxeReply.getLocalPort();
    }

    private void receive(DatagramSocket s, int port, boolean dhcpPort, DatagramSocket reply) {
        byte[] buf = new byte[2048];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (IOException e) {
                if (!closed) LOG.warn("DHCP receive on port {} failed: {}", port, e.toString());
                return;
            }
            try {
                handle(p.getData(), p.getLength(), (InetSocketAddress) p.getSocketAddress(), port, dhcpPort, reply);
            } catch (RuntimeException e) {
                LOG.warn("DHCP request from {} could not be handled: {}", p.getSocketAddress(), e.toString(), e);
            }
        }
    }

    /** Handles one datagram; returns the reply sent (for tests) or null. */
    DhcpPacket handle(byte[] data, int length, InetSocketAddress from, int port, boolean dhcpPort, DatagramSocket reply) {
        DhcpPacket request;
        try {
            request = DhcpPacket.decode(data, length);
        } catch (DhcpFormatException e) {
            LOG.debug("DHCP: malformed packet from {}: {}", from, e.getMessage());
            return null;
        }
        if (request.op() != DhcpPacket.BOOTREQUEST) return null;
        int type = request.messageType();
        DhcpClient client = ClientClassifier.classify(request);
        String typeName = DhcpPacket.typeName(type);

        String outside = outsideSubnet(request, from);
        if (outside != null) return ignored(from, port, typeName, client, outside);
        if (type == 0) return ignored(from, port, typeName, client, "plain BOOTP is not answered");

        DhcpDecision decision = decide(client);
        boolean boot = decision instanceof DhcpDecision.Answer;
        String bootFile = boot ? ((DhcpDecision.Answer) decision).bootFile() : "";
        String why = decision instanceof DhcpDecision.Ignore i ? i.reason() : "";

        if (!dhcpPort) {
            // PXE boot server port: the client has an address and asks for boot parameters only
            if ((type != DhcpPacket.REQUEST && type != DhcpPacket.INFORM) || !boot) return ignored(from, port, typeName, client, boot ? "not a REQUEST" : why);
            DhcpPacket ack = bootReply(request, client, DhcpPacket.ACK, null, bootFile).build();
            clients.remember(from.getAddress(), client.mac(), client.pi());
            return send(reply, ack, from, from, port, typeName, client, "");
        }
        if (leases == null) {
            if (type != DhcpPacket.DISCOVER) return ignored(from, port, typeName, client, "proxy mode answers DISCOVER on this port, REQUEST on the PXE port");
            if (!boot) return ignored(from, port, typeName, client, why);
            DhcpPacket offer = bootReply(request, client, DhcpPacket.OFFER, null, bootFile).build();
            return send(reply, offer, destination(request), from, port, typeName, client, "");
        }
        return standalone(request, type, client, boot, bootFile, from, port, typeName, reply);
    }

    private DhcpPacket standalone(DhcpPacket request, int type, DhcpClient client, boolean boot, String bootFile,
                                  InetSocketAddress from, int port, String typeName, DatagramSocket reply) {
        switch (type) {
            case DhcpPacket.DISCOVER -> {
                byte[] want = request.option(DhcpPacket.OPT_REQUESTED_IP);
                Inet4Address address = leases.offer(client.mac(), want != null && want.length == 4 ? DhcpPacket.v4(want) : null);
                if (address == null) return ignored(from, port, typeName, client, "lease range " + config.leaseRange() + " is full");
                DhcpPacket offer = leaseReply(request, client, DhcpPacket.OFFER, address, boot, bootFile).build();
                return send(reply, offer, destination(request), from, port, typeName, client, address.getHostAddress());
            }
            case DhcpPacket.REQUEST -> {
                byte[] sid = request.option(DhcpPacket.OPT_SERVER_ID);
                if (sid != null && !DhcpPacket.v4(sid).equals(server)) {
                    leases.release(client.mac()); // it chose another server's offer
                    return ignored(from, port, typeName, client, "client chose server " + DhcpPacket.v4(sid).getHostAddress());
                }
                byte[] want = request.option(DhcpPacket.OPT_REQUESTED_IP);
                Inet4Address address = want != null && want.length == 4 ? DhcpPacket.v4(want)
                        : request.ciaddr().isAnyLocalAddress() ? null : request.ciaddr();
                if (address == null || !leases.confirm(client.mac(), address)) {
                    DhcpPacket nak = DhcpPacket.replyTo(request).messageType(DhcpPacket.NAK).option(DhcpPacket.OPT_SERVER_ID, server)
                            .option(DhcpPacket.OPT_MESSAGE, "address " + (address == null ? "?" : address.getHostAddress()) + " is not available")
                            .build();
                    return send(reply, nak, destination(request), from, port, typeName, client, "");
                }
                clients.remember(address, client.mac(), client.pi());
                DhcpPacket ack = leaseReply(request, client, DhcpPacket.ACK, address, boot, bootFile).build();
                return send(reply, ack, destination(request), from, port, typeName, client, address.getHostAddress());
            }
            case DhcpPacket.RELEASE, DhcpPacket.DECLINE -> {
                leases.release(client.mac());
                return ignored(from, port, typeName, client, "lease released");
            }
            case DhcpPacket.INFORM -> {
                if (!boot) return ignored(from, port, typeName, client, "not a boot client");
                DhcpPacket ack = bootReply(request, client, DhcpPacket.ACK, null, bootFile).build();
                return send(reply, ack, destination(request), from, port, typeName, client, "");
            }
            default -> {
                return ignored(from, port, typeName, client, "message type not handled");
            }
        }
    }

    private DhcpDecision decide(DhcpClient client) {
        if (client.kind() == DhcpClient.Kind.OTHER) return DhcpDecision.ignore("not a network-boot client");
        try {
            return policy.dhcp(client);
        } catch (RuntimeException e) {
            LOG.warn("boot policy failed for DHCP client {}: {}", client.mac(), e.toString());
            return DhcpDecision.ignore("boot policy failed: " + e.getMessage());
        }
    }

    private DhcpPacket.Builder leaseReply(DhcpPacket request, DhcpClient client, int type, Inet4Address address, boolean boot, String bootFile) {
        DhcpPacket.Builder b = boot ? bootReply(request, client, type, address, bootFile)
                : DhcpPacket.replyTo(request).messageType(type).option(DhcpPacket.OPT_SERVER_ID, server).yiaddr(address);
        long seconds = leases.leaseTime().toSeconds();
        b.option(DhcpPacket.OPT_LEASE_TIME, DhcpPacket.u32(seconds))
                .option(DhcpPacket.OPT_RENEWAL, DhcpPacket.u32(seconds / 2))
                .option(DhcpPacket.OPT_REBINDING, DhcpPacket.u32(seconds * 7 / 8))
                .option(DhcpPacket.OPT_SUBNET_MASK, subnet.mask());
        if (!config.router().isEmpty()) b.option(DhcpPacket.OPT_ROUTER, DhcpPacket.v4(Subnet.literal(config.router())));
        if (!config.dns().isEmpty()) b.option(DhcpPacket.OPT_DNS, DhcpPacket.v4(Subnet.literal(config.dns())));
        return b;
    }

    /**
     * The boot answer: siaddr and options 54/66 name this server; Pis get option 60 "PXEClient" and the
     * "Raspberry Pi Boot" menu in option 43; iPXE gets the script URL as boot file; option 97 is echoed as PXE asks.
     */
    private DhcpPacket.Builder bootReply(DhcpPacket request, DhcpClient client, int type, Inet4Address address, String bootFile) {
        DhcpPacket.Builder b = DhcpPacket.replyTo(request).messageType(type).option(DhcpPacket.OPT_SERVER_ID, server)
                .siaddr(server).ciaddr(request.ciaddr());
        if (address != null) b.yiaddr(address);
        b.option(DhcpPacket.OPT_VENDOR_CLASS, "PXEClient");
        if (client.kind() == DhcpClient.Kind.RASPBERRY_PI) b.option(DhcpPacket.OPT_VENDOR_SPECIFIC, PxeMenu.raspberryPi());
        else if (client.kind() == DhcpClient.Kind.PXE && !bootFile.isEmpty()) b.option(DhcpPacket.OPT_VENDOR_SPECIFIC, PxeMenu.bootFileOnly());
        b.option(DhcpPacket.OPT_TFTP_SERVER, server.getHostAddress());
        if (!bootFile.isEmpty()) {
            b.option(DhcpPacket.OPT_BOOTFILE, bootFile);
            if (bootFile.getBytes(StandardCharsets.ISO_8859_1).length < 128) b.file(bootFile);
        }
        byte[] uuid = request.option(DhcpPacket.OPT_CLIENT_UUID);
        if (uuid != null) b.option(DhcpPacket.OPT_CLIENT_UUID, uuid);
        return b;
    }

    /** Where a reply to a client on port 67 goes: its relay, its own address, or the broadcast address. */
    private InetSocketAddress destination(DhcpPacket request) {
        if (!request.giaddr().isAnyLocalAddress()) return new InetSocketAddress(request.giaddr(), config.port());
        if (!request.ciaddr().isAnyLocalAddress()) return new InetSocketAddress(request.ciaddr(), config.clientPort());
        return new InetSocketAddress(BROADCAST, config.clientPort());
    }

    /** Null when the client belongs to the boot network, else why not. */
    private String outsideSubnet(DhcpPacket request, InetSocketAddress from) {
        if (!request.giaddr().isAnyLocalAddress()) {
            return subnet.contains(request.giaddr()) ? null : "relayed from " + request.giaddr().getHostAddress() + ", outside " + subnet;
        }
        if (!request.ciaddr().isAnyLocalAddress() && !subnet.contains(request.ciaddr()))
            return "client address " + request.ciaddr().getHostAddress() + " is outside " + subnet;
        InetAddress source = from.getAddress();
        if (!source.isAnyLocalAddress() && !subnet.contains(source))
            return "sent from " + source.getHostAddress() + ", outside " + subnet;
        return null;
    }

    private DhcpPacket send(DatagramSocket via, DhcpPacket reply, InetSocketAddress to, InetSocketAddress from, int port,
                            String typeName, DhcpClient client, String offered) {
        byte[] b = reply.encode();
        String replyType = DhcpPacket.typeName(reply.messageType());
        try {
            via.send(new DatagramPacket(b, b.length, to));
        } catch (IOException e) {
            record(new DhcpExchange(clock.instant(), from, port, typeName, client, false, "", offered,
                    "could not send " + replyType + " to " + to + ": " + e.getMessage()), false);
            return null;
        }
        record(new DhcpExchange(clock.instant(), from, port, typeName, client, true, replyType, offered,
                "to " + to.getAddress().getHostAddress() + ":" + to.getPort()), client.kind() != DhcpClient.Kind.OTHER);
        return reply;
    }

    private DhcpPacket ignored(InetSocketAddress from, int port, String typeName, DhcpClient client, String why) {
        record(new DhcpExchange(clock.instant(), from, port, typeName, client, false, "", "", why), false);
        return null;
    }

    private void record(DhcpExchange exchange, boolean info) {
        if (info || exchange.client() != null && exchange.client().kind() != DhcpClient.Kind.OTHER) LOG.info("{}", exchange);
        else LOG.debug("{}", exchange);
        try {
            log.dhcp(exchange);
        } catch (RuntimeException e) {
            LOG.warn("boot log listener failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        for (DatagramSocket s : sockets) s.close();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
