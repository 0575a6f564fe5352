package dev.shoal.app.adversary;

import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.session.Frame;
import dev.shoal.transport.session.FrameDecoder;
import dev.shoal.transport.session.Hello;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An attacker speaking Shoal's wire protocol by hand over real QUIC: it completes TLS with a device certificate
 * of its own, then writes whatever a test says (a hello or none, frames of any size, pings of any size) and
 * records what the other side sends back and how it closes the connection.
 */
final class RawPeer implements AutoCloseable {
    static final byte HELLO = 1;
    static final byte MESSAGE = 2;
    static final byte PING = 3;
    static final byte PONG = 4;

    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    /** Frames on the control stream the other side opened, in order. */
    final LinkedBlockingQueue<Frame> control = new LinkedBlockingQueue<>();

    private final Channel datagram;
    private final QuicChannel quic;
    private QuicStreamChannel controlOut;

    /**
     * @param readResponses false: the peer never reads what the other side sends (its flow-control windows
     *     stay shut once full)
     */
    RawPeer(EventLoopGroup group, DeviceIdentity identity, InetSocketAddress server, boolean readResponses)
            throws Exception {
        var ssl = QuicSslContextBuilder.forClient()
                .keyManager(new DeviceKeyManager(identity.certificate(), identity.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        var codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(60, TimeUnit.SECONDS)
                .initialMaxData(readResponses ? 16 << 20 : 64 << 10)
                .initialMaxStreamDataBidirectionalLocal(readResponses ? 4 << 20 : 16 << 10)
                .initialMaxStreamDataBidirectionalRemote(readResponses ? 4 << 20 : 16 << 10)
                .initialMaxStreamDataUnidirectional(readResponses ? 4 << 20 : 16 << 10)
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
                            closeReason.complete(new String(e.reason(), StandardCharsets.UTF_8));
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        closeCode.complete(-1);
                        closeReason.complete("inactive");
                    }
                })
                .streamOption(io.netty.channel.ChannelOption.AUTO_READ, readResponses)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new FrameDecoder(16 << 20), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                control.add((Frame) msg);
                            }
                        });
                    }
                })
                .remoteAddress(server)
                .connect()
                .get(10, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return quic.isActive();
    }

    /** Writes one control frame (opening the control stream with the first). */
    void sendControl(byte type, byte[] body) throws Exception {
        if (controlOut == null) {
            controlOut = quic.createStream(QuicStreamType.UNIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                    .get(10, TimeUnit.SECONDS);
        }
        controlOut
                .writeAndFlush(FrameDecoder.frame(controlOut.alloc(), type, body))
                .sync();
    }

    /** Writes a control frame without waiting until the transport has taken it. */
    void sendControlNoWait(byte type, byte[] body) {
        controlOut.writeAndFlush(FrameDecoder.frame(controlOut.alloc(), type, body));
    }

    void hello(String name) throws Exception {
        sendControl(HELLO, new Hello(Hello.PROTOCOL_VERSION, name, List.of()).encode());
    }

    /** Opens a stream and writes raw bytes to it, without waiting for flow control. */
    QuicStreamChannel stream(QuicStreamType type, ByteBuf bytes) throws Exception {
        QuicStreamChannel s =
                quic.createStream(type, new ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
        s.writeAndFlush(bytes);
        return s;
    }

    /** A frame header announcing {@code length} bytes, and as much of its body as {@code sent}. */
    static ByteBuf frameStart(int length, byte type, int sent) {
        ByteBuf b = Unpooled.buffer(5 + sent);
        b.writeInt(length).writeByte(type).writeZero(sent);
        return b;
    }

    @Override
    public void close() {
        quic.close();
        datagram.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
