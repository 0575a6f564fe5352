package dev.shoal.transport;

import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving peer for tests: completes TLS with a real device certificate, then writes whatever the test
 * says (or nothing at all) instead of following the protocol. Records the close code the endpoint sends.
 */
final class RawQuicClient implements AutoCloseable {
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final Channel datagram;
    private final QuicChannel quic;

    RawQuicClient(EventLoopGroup group, DeviceIdentity identity, InetSocketAddress server) throws Exception {
        var ssl = QuicSslContextBuilder.forClient()
                .keyManager(new DeviceKeyManager(identity.certificate(), identity.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        var codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 20)
                .initialMaxStreamDataBidirectionalRemote(1 << 20)
                .initialMaxStreamDataUnidirectional(1 << 20)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100)
                .build();
        datagram = new Bootstrap()
                .group(group)
                .channel(
                        io.netty.channel.epoll.Epoll.isAvailable()
                                ? io.netty.channel.epoll.EpollDatagramChannel.class
                                : NioDatagramChannel.class)
                .handler(codec)
                .bind(0)
                .sync()
                .channel();
        quic = QuicChannel.newBootstrap(datagram)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof QuicConnectionCloseEvent e) {
                            closeCode.complete(e.error());
                            closeReason.complete(new String(e.reason()));
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        closeCode.complete(-1);
                        closeReason.complete("inactive");
                    }
                })
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server)
                .connect()
                .get(10, TimeUnit.SECONDS);
    }

    /** Opens a stream of the given type and writes raw bytes to it. */
    void write(QuicStreamType type, byte[] bytes) throws Exception {
        QuicStreamChannel stream =
                quic.createStream(type, new ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
        stream.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
    }

    /**
     * Opens a data stream that never reads what comes back (a peer that asks and does not take the answers) and
     * writes {@code bytes} to it without waiting for flow control to take them.
     */
    QuicStreamChannel askWithoutReading(byte[] bytes) throws Exception {
        QuicStreamChannel stream = quic.newStreamBootstrap()
                .type(QuicStreamType.BIDIRECTIONAL)
                .option(io.netty.channel.ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .create()
                .get(10, TimeUnit.SECONDS);
        stream.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        return stream;
    }

    @Override
    public void close() {
        quic.close();
        datagram.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
