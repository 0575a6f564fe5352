package dev.shoal.transport;

import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.session.Session;
import dev.shoal.transport.session.SessionHost;
import dev.shoal.transport.session.StreamHandlers;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import java.util.concurrent.TimeUnit;

/** The Netty QUIC pieces of an endpoint, built from its settings: datagram sockets and the two codecs. */
final class QuicCodecs {
    private final DeviceIdentity identity;
    private final QuicSettings settings;
    private final SessionHost host;

    QuicCodecs(DeviceIdentity identity, QuicSettings settings, SessionHost host) {
        this.identity = identity;
        this.settings = settings;
        this.host = host;
    }

    Bootstrap datagramBootstrap(EventLoopGroup loops, boolean reusePort) {
        Bootstrap b = new Bootstrap()
                .group(loops)
                .option(ChannelOption.SO_RCVBUF, settings.socketBuffer())
                .option(ChannelOption.SO_SNDBUF, settings.socketBuffer());
        if (reusePort) {
            PortReuse.enable(b, QuicEndpoint.useEpoll(settings));
        }
        if (QuicEndpoint.useEpoll(settings)) {
            // recvmmsg: read up to 16 datagrams per syscall.
            b.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1500 * 16));
        } else {
            b.channel(NioDatagramChannel.class);
        }
        return b;
    }

    /** A shared port's pipeline: the router first in, the relay wrapper last out, the codec between. */
    static ChannelHandler pipeline(ChannelHandler router, ChannelHandler relayOut, ChannelHandler codec) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(router, relayOut, codec);
            }
        };
    }

    ChannelHandler serverCodec() {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(
                        new DeviceKeyManager(identity.certificate(), identity.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        QuicServerCodecBuilder b = tune(new QuicServerCodecBuilder())
                .sslContext(ssl)
                // Address validation tokens guard against spoofed-source amplification; cheap, so kept on.
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(StreamHandlers.connectionInit(Session.Role.SERVER, null, host, null))
                .streamHandler(new StreamHandlers.PeerStreams(settings.maxFrameSize()));
        if (QuicEndpoint.useEpoll(settings) && settings.gsoSegments() > 1) {
            b.option(
                    QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                    EpollQuicUtils.newSegmentedAllocator(settings.gsoSegments()));
        }
        return b.build();
    }

    ChannelHandler clientCodec() {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .keyManager(new DeviceKeyManager(identity.certificate(), identity.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        return tune(new QuicClientCodecBuilder()).sslContext(ssl).build();
    }

    private <B extends QuicCodecBuilder<B>> B tune(B b) {
        return b.maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(settings.payloadSize())
                .maxRecvUdpPayloadSize(settings.payloadSize())
                .congestionControlAlgorithm(
                        settings.bbr() ? QuicCongestionControlAlgorithm.BBR : QuicCongestionControlAlgorithm.CUBIC)
                .initialMaxData(settings.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(settings.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(settings.streamWindow())
                // The only unidirectional streams are the control streams. A device that stops reading one (too
                // many of the peer's records waiting to be stored) holds up to this much of it in quiche, per peer;
                // control messages are small and need no bulk window.
                .initialMaxStreamDataUnidirectional(Math.min(settings.streamWindow(), QuicEndpoint.CONTROL_WINDOW))
                // The peer's data lanes: it opens a few and keeps them (DataLanes), so this bounds a hostile one.
                .initialMaxStreamsBidirectional(16)
                .initialMaxStreamsUnidirectional(4)
                .localConnectionIdLength(SharedPort.CID_LENGTH);
    }
}
