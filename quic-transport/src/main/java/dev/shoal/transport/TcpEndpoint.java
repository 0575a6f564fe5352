package dev.shoal.transport;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.session.Session;
import dev.shoal.transport.session.SessionHost;
import dev.shoal.transport.session.TcpPipeline;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions over TLS 1.3 on TCP, for networks that drop UDP: a server on the same port number as the QUIC endpoint
 * (so a firewall needs one rule per protocol) and a dialler. Same device certificates, same admission (the
 * {@link SessionHost} is the QUIC endpoint's), same session core; only the carrier differs ({@link TcpSession}).
 */
final class TcpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);

    private final SessionHost host;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final String engine;
    private Channel server;

    TcpEndpoint(DeviceIdentity identity, SessionHost host, EventLoopGroup group, boolean epoll)
            throws TransportException {
        this.host = host;
        this.group = group;
        this.epoll = epoll && Epoll.isAvailable();
        try {
            SslProvider provider = host.settings().openSslTcp() && io.netty.handler.ssl.OpenSsl.isAvailable()
                    ? SslProvider.OPENSSL
                    : SslProvider.JDK;
            this.engine = provider == SslProvider.OPENSSL ? "BoringSSL" : "JDK TLS";
            this.serverTls = SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                    .trustManager(new AnyDeviceTrustManager())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3")
                    .sslProvider(provider)
                    .build();
            this.clientTls = SslContextBuilder.forClient()
                    .keyManager(identity.privateKey(), identity.certificate())
                    .trustManager(new AnyDeviceTrustManager())
                    .protocols("TLSv1.3")
                    .sslProvider(provider)
                    .build();
        } catch (SSLException e) {
            throw new TransportException("cannot set up TLS over TCP: " + e.getMessage());
        }
    }

    /** Listens on {@code at}; false (with a warning) if that TCP port is taken, since QUIC alone still works. */
    boolean bind(InetSocketAddress at) {
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(TcpPipeline.initializer(serverTls, Session.Role.SERVER, null, host, null))
                    .bind(at)
                    .sync()
                    .channel();
            LOG.info("listening on tcp {} (TLS 1.3 by {})", server.localAddress(), engine);
            return true;
        } catch (Exception e) {
            LOG.warn(
                    "TCP port {} is not available ({}); devices whose networks drop UDP cannot reach this one",
                    at.getPort(),
                    e.getMessage());
            return false;
        }
    }

    InetSocketAddress localAddress() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    /** A session over TCP with {@code expected} at {@code address}; fails like a QUIC dial does. */
    CompletableFuture<Session> connect(DeviceId expected, InetSocketAddress address) {
        CompletableFuture<Session> created = new CompletableFuture<>();
        CompletableFuture<Session> result = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        host.settings().handshakeTimeout().toMillis())
                .handler(TcpPipeline.initializer(clientTls, Session.Role.CLIENT, expected, host, created))
                .connect(address)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(new TransportException("cannot connect over TCP to " + address
                                + ": " + f.cause().getMessage()));
                    }
                });
        created.thenCompose(Session::opened).whenComplete((session, error) -> {
            if (error == null) {
                result.complete(session);
            } else {
                result.completeExceptionally(error instanceof CompletionException ? error.getCause() : error);
            }
        });
        return result;
    }

    /** Dials a bulk lane for {@code owner} at {@code address}; it attaches itself once the peer acknowledges it. */
    void connectLane(Session owner, InetSocketAddress address, byte[] token) {
        new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        host.settings().handshakeTimeout().toMillis())
                .handler(TcpPipeline.laneInitializer(clientTls, owner, token, host))
                .connect(address)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.debug("no bulk lane to {}: {}", address, f.cause().getMessage());
                    }
                });
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
