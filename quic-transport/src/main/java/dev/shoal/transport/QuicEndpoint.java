package dev.shoal.transport;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.Transport;
import dev.shoal.engine.spi.TransportListener;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.session.Hello;
import dev.shoal.transport.session.Session;
import dev.shoal.transport.session.SessionHost;
import dev.shoal.transport.session.StreamHandlers;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's QUIC endpoint: a server on the listen port and a client socket for dialling out, both with
 * mutual TLS (ALPN {@value #ALPN}) using the device certificate. Sessions are admitted per {@link Session}.
 *
 * <p>Where the OS has SO_REUSEPORT (Linux, macOS) the server and the client socket are bound to the same
 * port and {@link SharedPort} routes each datagram to its codec by connection id, so a device sends and
 * receives on its one listen port (one firewall rule, and the address a peer sees is the one to dial).
 * Elsewhere (Windows) outgoing connections come from a second, ephemeral port.
 */
public final class QuicEndpoint implements Transport, SessionHost {
    public static final String ALPN = "shoal/1";
    private static final Logger LOG = LoggerFactory.getLogger(QuicEndpoint.class);
    /** Flow-control window of each control stream (unidirectional); data lanes keep the full stream window. */
    static final long CONTROL_WINDOW = 2L << 20;

    private final DeviceIdentity identity;
    private final String deviceName;
    private final InetSocketAddress bindAddress;
    private final QuicSettings settings;
    private final Predicate<DeviceId> paired;
    private final EventLoopGroup sharedGroup;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final dev.shoal.transport.session.UnadmittedConnections unadmitted;

    private final QuicCodecs codecs;
    private EventLoopGroup group;
    private Channel server;
    private Channel client;
    private SharedPort sharedPort;
    private final EndpointNat nat = new EndpointNat();
    private TcpEndpoint tcp;
    private final LaneTokens laneTokens = new LaneTokens(java.time.Duration.ofSeconds(30));
    private EventLoopGroup tcpGroup;
    private volatile TransportListener listener;

    /**
     * @param paired decides which device ids may open sessions with us (consulted at every incoming hello)
     * @param sharedGroup event loops to run on (tests run many endpoints on a few threads); null: own loops
     */
    public QuicEndpoint(
            DeviceIdentity identity,
            String deviceName,
            InetSocketAddress bindAddress,
            QuicSettings settings,
            Predicate<DeviceId> paired,
            EventLoopGroup sharedGroup) {
        this.identity = identity;
        this.deviceName = deviceName;
        this.bindAddress = bindAddress;
        this.settings = settings;
        this.paired = paired;
        this.sharedGroup = sharedGroup;
        this.codecs = new QuicCodecs(identity, settings, this);
        this.unadmitted = new dev.shoal.transport.session.UnadmittedConnections(
                settings.unadmittedPerAddress(), settings.unadmittedTotal());
    }

    public QuicEndpoint(
            DeviceIdentity identity,
            String deviceName,
            InetSocketAddress bindAddress,
            QuicSettings settings,
            Predicate<DeviceId> paired) {
        this(identity, deviceName, bindAddress, settings, paired, null);
    }

    /** Event loops of the best transport here: epoll on Linux, NIO elsewhere. */
    public static EventLoopGroup newGroup(int threads, QuicSettings settings) {
        return useEpoll(settings)
                ? new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    static boolean useEpoll(QuicSettings settings) {
        return settings.epoll() && Epoll.isAvailable();
    }

    @Override
    public synchronized void start(TransportListener l) throws IOException {
        this.listener = l;
        boolean share = PortReuse.supported(useEpoll(settings), settings.sharePort());
        // A shared port has both codecs on one loop (handing a datagram across is then a call); otherwise the
        // server and the client socket each get a core for their packet processing.
        group = sharedGroup != null ? sharedGroup : newGroup(share ? 1 : 2, settings);
        InetSocketAddress listenAt = bindAddress;
        try {
            EventLoopGroup loops = group;
            if (share) {
                listenAt = PortReuse.reserve(bindAddress);
                sharedPort = new SharedPort();
                loops = group.next();
            }
            server = codecs.datagramBootstrap(loops, share)
                    .handler(
                            share
                                    ? QuicCodecs.pipeline(
                                            sharedPort.serverRouter(), sharedPort.serverOut(), codecs.serverCodec())
                                    : codecs.serverCodec())
                    .bind(listenAt)
                    .sync()
                    .channel();
            client = codecs.datagramBootstrap(loops, share)
                    .handler(
                            share
                                    ? QuicCodecs.pipeline(
                                            sharedPort.clientRouter(), sharedPort.clientOut(), codecs.clientCodec())
                                    : codecs.clientCodec())
                    .bind(share ? server.localAddress() : new InetSocketAddress(bindAddress.getAddress(), 0))
                    .sync()
                    .channel();
            if (share) {
                nat.attach(sharedPort, server);
            }
        } catch (Exception e) {
            close();
            if (e instanceof BindException
                    || e.getCause() instanceof BindException
                    || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new TransportException("UDP port " + bindAddress.getPort() + " on " + bindAddress.getAddress()
                        + " is already in use (is another Shoal running?). Choose another with --listen.");
            }
            throw new TransportException("cannot listen on " + bindAddress + ": " + e.getMessage());
        }
        if (settings.tcp()) {
            tcpGroup = sharedGroup != null ? sharedGroup : newGroup(1, settings);
            tcp = new TcpEndpoint(identity, this, tcpGroup, useEpoll(settings));
            if (!tcp.bind(new InetSocketAddress(
                    bindAddress.getAddress(), localAddress().getPort()))) {
                tcp.close();
                tcp = null;
            } else {
                sessions.forEach(Session::offerLaneIfAccepted); // admitted while TCP was still starting
            }
        }
        LOG.info(
                "listening on udp {} ({}, {})",
                server.localAddress(),
                useEpoll(settings) ? "epoll" : "nio",
                share ? "one port for incoming and outgoing" : "outgoing from " + client.localAddress());
    }

    /** The local address outgoing connections come from: the listen port itself where the port is shared. */
    public InetSocketAddress outgoingAddress() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public DeviceId deviceId() {
        return identity.deviceId();
    }

    /** STUN and TURN on this endpoint's shared UDP port. */
    public EndpointNat nat() {
        return nat;
    }

    /**
     * A session with {@code expected} at {@code address}: over QUIC, and over TLS on TCP at the same port number if
     * QUIC has not opened one within {@link QuicSettings#tcpFallbackDelay()}, whichever opens first.
     */
    @Override
    public CompletableFuture<PeerConnection> connect(DeviceId expected, InetSocketAddress address) {
        TcpEndpoint viaTcp = tcp;
        if (viaTcp == null) {
            return connectQuic(expected, address);
        }
        return DialRace.run(
                        () -> connectQuic(expected, address),
                        () -> connectTcp(expected, address),
                        settings.tcpFallbackDelay(),
                        reason -> reason.contains("closed by the peer") || reason.contains("expected device"))
                .thenApply(c -> c);
    }

    /** A session over TLS on TCP only, whatever QUIC could do (tests and benchmarks of that transport). */
    public CompletableFuture<Session> connectTcp(DeviceId expected, InetSocketAddress address) {
        TcpEndpoint viaTcp = tcp;
        if (viaTcp == null) {
            return CompletableFuture.failedFuture(new TransportException("TCP is off"));
        }
        return viaTcp.connect(expected, address).thenApply(session -> {
            sessions.add(session);
            return session;
        });
    }

    /** The TCP port sessions are also accepted on, or null when TCP is off or its port was taken. */
    public InetSocketAddress tcpAddress() {
        TcpEndpoint t = tcp;
        return t == null ? null : t.localAddress();
    }

    private CompletableFuture<PeerConnection> connectQuic(DeviceId expected, InetSocketAddress address) {
        CompletableFuture<Session> created = new CompletableFuture<>();
        CompletableFuture<PeerConnection> result = new CompletableFuture<>();
        var bootstrap = QuicChannel.newBootstrap(client)
                .handler(StreamHandlers.connectionInit(Session.Role.CLIENT, expected, this, created))
                .streamHandler(new StreamHandlers.PeerStreams(settings.maxFrameSize()))
                .remoteAddress(address);
        if (sharedPort != null) {
            bootstrap.localConnectionAddress(sharedPort.newClientConnectionId());
        }
        if (useEpoll(settings) && settings.gsoSegments() > 1) {
            bootstrap.option(
                    QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                    EpollQuicUtils.newSegmentedAllocator(settings.gsoSegments()));
        }
        bootstrap.connect().addListener(f -> {
            if (!f.isSuccess() && !created.isDone()) {
                result.completeExceptionally(new TransportException(
                        "cannot connect to " + address + ": " + f.cause().getMessage()));
            }
        });
        created.thenCompose(Session::opened).whenComplete((session, error) -> {
            if (error == null) {
                sessions.add(session);
                result.complete(session);
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /** Sessions currently open, incoming and outgoing. */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public synchronized void close() {
        for (Session s : sessions) {
            s.close("shutting down");
        }
        // QUIC first: its connections close their TCP lanes as they go, which needs the TCP loop still running.
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null && group != sharedGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (tcp != null) {
            tcp.close();
        }
        if (tcpGroup != null && tcpGroup != sharedGroup) {
            tcpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    // ---- SessionHost ----

    @Override
    public QuicSettings settings() {
        return settings;
    }

    /** Random per endpoint start, announced in the hello so peers can tell a restart from a duplicate. */
    private final String instance = java.util.HexFormat.of()
            .formatHex(java.nio.ByteBuffer.allocate(8)
                    .putLong(new java.security.SecureRandom().nextLong())
                    .array());

    @Override
    public Hello localHello() {
        return new Hello(Hello.PROTOCOL_VERSION, deviceName, List.of(Hello.INSTANCE_PREFIX + instance));
    }

    @Override
    public boolean isPaired(DeviceId device) {
        return paired.test(device);
    }

    @Override
    public String unadmittedOpened(Session session, InetSocketAddress from) {
        String refusal = unadmitted.opened(from);
        if (refusal != null) {
            LOG.debug("refusing a connection from {}: {}", from, refusal);
        }
        return refusal;
    }

    @Override
    public void unadmittedClosed(Session session, InetSocketAddress from) {
        unadmitted.closed(from);
    }

    /** Incoming connections that have not been admitted yet. */
    public int unadmittedConnections() {
        return unadmitted.count();
    }

    @Override
    public void admitted(Session session) {
        sessions.add(session);
        TransportListener l = listener;
        if (l != null) {
            l.connected(session);
        }
    }

    @Override
    public void pending(DeviceId device, String name, InetSocketAddress address) {
        LOG.info("refused unpaired device {} ({}) from {}", device, name, address);
        TransportListener l = listener;
        if (l != null) {
            l.pendingDevice(device, name, address);
        }
    }

    @Override
    public void candidatesOffered(Session session, List<InetSocketAddress> candidates) {
        TransportListener l = listener;
        if (l != null) {
            l.candidatesOffered(session, candidates);
        }
    }

    @Override
    public void closed(Session session) {
        sessions.remove(session);
    }

    @Override
    public byte[] laneOffer(Session session) {
        TcpEndpoint t = tcp;
        if (t == null || !settings.tcpLanes() || nat.relayed(session.remoteAddress())) {
            // Through this device's relay the peer cannot reach its TCP port either: it would dial the relay's host.
            return null;
        }
        byte[] token = laneTokens.issue(session);
        return java.nio.ByteBuffer.allocate(2 + token.length)
                .putShort((short) t.localAddress().getPort())
                .put(token)
                .array();
    }

    @Override
    public Session laneJoin(byte[] token, DeviceId joiner) {
        return laneTokens.redeem(token, joiner);
    }

    @Override
    public void dialLane(Session session, InetSocketAddress address, byte[] token) {
        TcpEndpoint t = tcp;
        if (t != null && settings.tcpLanes()) {
            t.connectLane(session, address, token);
        }
    }
}
